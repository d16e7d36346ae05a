"""What the API may show: the rules of the public pages and of the open data, read from where
they live, each turned into a statement the API pages through.

- consultations: the public phases (consult.consultations.services); ideas: published ones of
  a public consultation, as the lists and the open data show them (a hidden idea's page shows
  its reason, but it is in no list and in no export, nor here);
- themes: once a consultation's themes are public, or when a published commitment cites them
  (consult.themes.views, consult.plans.theme_page);
- plans, commitments, their sources, revisions, progress, assessments and the answers: the open
  data's rules (consult.record.open_data_tables);
- assemblies: those of the plans above; a round's results once published (the round page);
- the event log: public with the first published plan, as the downloadable record.

Every statement is also kept to the request's organisation (consult.core.tenancy).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, selectinload

from consult.assemblies.models import Assembly, Round
from consult.consultations import services as consultations
from consult.consultations.models import Consultation
from consult.core.errors import NotFound
from consult.ideas.models import Submission, SubmissionStatus
from consult.ideas.submitting import get_visible
from consult.plans.models import ActionPlan, Commitment, ProvenanceLink
from consult.plans.theme_page import is_cited
from consult.record import open_data_tables as tables
from consult.responses.models import Response, ResponseState
from consult.themes.models import Theme
from consult.themes.views import themes_are_public

IDEA_NOT_FOUND = _l("This idea does not exist or is waiting for moderation.")
THEME_NOT_FOUND = _l("This theme does not exist or is not public yet.")
PLAN_NOT_FOUND = _l("This action plan does not exist or is not published yet.")


def public_consultations() -> Select:
    return select(Consultation).where(Consultation.phase.in_(consultations.PUBLIC_PHASES)) \
        .options(selectinload(Consultation.questions))


def public_consultation(session: Session, consultation_id: int) -> Consultation:
    return consultations.get_public(session, consultation_id)


def published_ideas(consultation_id: int) -> Select:
    return select(Submission).where(Submission.consultation_id == consultation_id,
                                    Submission.status == SubmissionStatus.PUBLISHED)


def published_idea(session: Session, submission_id: int) -> Submission:
    """A published idea of a public consultation; NotFound for any other."""
    idea = get_visible(session, submission_id)
    if idea.status is not SubmissionStatus.PUBLISHED:
        raise NotFound(IDEA_NOT_FOUND)
    return idea


def consultation_themes(session: Session, consultation_id: int) -> Select:
    """Every theme of a consultation whose themes are public (retired ones too, marked so)."""
    consultation = public_consultation(session, consultation_id)
    if not themes_are_public(consultation):
        raise NotFound(_l("The themes of this consultation are not public yet."))
    return select(Theme).where(Theme.consultation_id == consultation.id)


def public_theme(session: Session, theme_id: int) -> Theme:
    """A theme the public may see: its consultation's themes are public, or a published
    commitment cites it."""
    theme = session.get(Theme, theme_id)
    consultation = theme.consultation if theme is not None else None
    if consultation is None or consultation.phase not in consultations.PUBLIC_PHASES \
            or not (themes_are_public(consultation) or is_cited(session, theme)):
        raise NotFound(THEME_NOT_FOUND)
    return theme


def published_plans() -> Select:
    return select(ActionPlan).where(ActionPlan.consultation_id.in_(tables.public_consultations()),
                                    ActionPlan.published_at.is_not(None))


def published_plan(session: Session, plan_id: int) -> ActionPlan:
    plan = session.scalar(published_plans().where(ActionPlan.id == plan_id))
    if plan is None:
        raise NotFound(PLAN_NOT_FOUND)
    return plan


def published_commitments() -> Select:
    return select(Commitment).where(Commitment.id.in_(tables.published_commitments())) \
        .options(selectinload(Commitment.milestones))


def published_commitment(session: Session, commitment_id: int) -> Commitment:
    commitment = session.scalar(published_commitments().where(Commitment.id == commitment_id))
    if commitment is None:
        raise NotFound(_l("This commitment does not exist or is not published yet."))
    return commitment


def public_sources(session: Session, commitment_ids: list[int]) -> list[ProvenanceLink]:
    """The links that stand on these commitments, to themes and to published ideas."""
    links = tables.with_published_idea(select(ProvenanceLink), ProvenanceLink.submission_id)
    statement = links.where(
        ProvenanceLink.commitment_id.in_(commitment_ids), ProvenanceLink.removed_at.is_(None),
        or_(ProvenanceLink.submission_id.is_(None), Submission.id.is_not(None)))
    return list(session.scalars(statement.options(selectinload(ProvenanceLink.submission))
                                .order_by(ProvenanceLink.id)))


def public_answers(consultation_id: int) -> Select:
    """Published answers, and the versions corrections replaced, to published ideas and public
    themes of one consultation."""
    return tables.with_published_idea(select(Response), Response.submission_id).where(
        Response.consultation_id == consultation_id,
        Response.consultation_id.in_(tables.public_consultations()),
        Response.published_at.is_not(None),
        Response.state.in_([ResponseState.PUBLISHED, ResponseState.SUPERSEDED]),
        or_(Submission.id.is_not(None),
            and_(Response.submission_id.is_(None), Response.theme_id.in_(tables.public_themes()))))


def public_assemblies() -> Select:
    return select(Assembly).where(Assembly.plan_id.in_(
        published_plans().with_only_columns(ActionPlan.id))).options(selectinload(Assembly.rounds))


def published_round(session: Session, assembly_id: int, number: int) -> Round:
    found = session.scalar(select(Round).where(
        Round.assembly_id.in_(public_assemblies().with_only_columns(Assembly.id)
                              .where(Assembly.id == assembly_id)),
        Round.number == number, Round.published_at.is_not(None)))
    if found is None:
        raise NotFound(_l("The results of this round are not published yet."))
    return found


def record_is_public(session: Session) -> bool:
    """The event log is public once a plan is: its page offers the record to download."""
    return bool(session.scalar(select(published_plans().exists())))
