"""Action plans and their commitments: drafted from themes, revised with reasons, published
only with provenance."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import utcnow
from consult.core.dates import format_day
from consult.core.errors import ConsultError, NotAllowed
from consult.core.user import User
from consult.plans import signals
from consult.plans.models import (
    TEMPLATE_FIELDS,
    ActionPlan,
    Commitment,
    CommitmentRevision,
    CommitmentStatus,
    Milestone,
    MilestoneStatus,
    PlanStatus,
    ProvenanceLink,
)
from consult.themes.state import resolve_theme
from consult.themes.views import theme_ideas

LOCKED_STATUSES = (PlanStatus.ADOPTED, PlanStatus.IMPLEMENTING, PlanStatus.CLOSED)
# Set by the officials' adoption and progress (plans/implementation.py), never by hand.
SIGNED_OFF_STATUSES = (PlanStatus.ADOPTED, PlanStatus.IMPLEMENTING)
MAX_COMMITMENTS_LIMIT = 20
QUOTED_IDEAS = 3


# --- plans -----------------------------------------------------------------------------------

def create_plan(session: Session, actor: User, consultation: Consultation, title: str,
                starts_on: date, ends_on: date, max_commitments: int = 5) -> ActionPlan:
    _check_plan(title, starts_on, ends_on, max_commitments)
    plan = ActionPlan(organisation_id=consultation.organisation_id, consultation=consultation,
                      title=title.strip(), starts_on=starts_on, ends_on=ends_on,
                      max_commitments=max_commitments)
    session.add(plan)
    events.record(session, actor, "plan.created", plan,
                  {"consultation": consultation.id, "max_commitments": max_commitments})
    return plan


def update_plan(session: Session, actor: User, plan: ActionPlan, title: str, starts_on: date,
                ends_on: date, max_commitments: int, status: PlanStatus) -> None:
    _check_plan(title, starts_on, ends_on, max_commitments)
    if status in SIGNED_OFF_STATUSES and status is not plan.status:
        raise ConsultError(_l("Officials adopt the plan on its adoption page; the plan is then "
                              "adopted, and implementing once progress is reported."))
    if max_commitments < len(plan.commitments):
        raise ConsultError(_l("The plan already has %(n)s commitments; the limit cannot be lower.",
                              n=len(plan.commitments)))
    early = [m for c in plan.commitments for m in c.milestones if m.due_on < starts_on]
    if early:
        raise ConsultError(_l("A milestone is due before this start date; move it first."))
    plan.title, plan.starts_on, plan.ends_on = title.strip(), starts_on, ends_on
    plan.max_commitments, plan.status = max_commitments, status
    events.record(session, actor, "plan.updated", plan, {"status": status.value})


def _check_plan(title: str, starts_on: date, ends_on: date, max_commitments: int) -> None:
    if not title.strip():
        raise ConsultError(_l("Give the plan a title."))
    if ends_on <= starts_on:
        raise ConsultError(_l("The plan must end after it starts."))
    if not 1 <= max_commitments <= MAX_COMMITMENTS_LIMIT:
        raise ConsultError(_l("A plan has between 1 and %(n)s commitments.",
                              n=MAX_COMMITMENTS_LIMIT))


def publish_plan(session: Session, actor: User, plan: ActionPlan) -> None:
    """Make the plan and its published commitments public."""
    if not any(c.status is CommitmentStatus.PUBLISHED for c in plan.commitments):
        raise ConsultError(_l("Publish at least one commitment before the plan."))
    plan.published_at = plan.published_at or utcnow()
    events.record(session, actor, "plan.published", plan, {})


# --- commitments -----------------------------------------------------------------------------

def draft_from_themes(session: Session, actor: User, plan: ActionPlan,
                      theme_ids: list[int]) -> Commitment:
    """A draft prefilled from themes, linked to the themes and to every idea in them."""
    if not theme_ids:
        raise ConsultError(_l("Choose at least one theme."))
    themes = []
    for theme_id in dict.fromkeys(theme_ids):
        theme = resolve_theme(session, theme_id)
        if theme is None or theme.consultation_id != plan.consultation_id:
            raise ConsultError(_l("That theme is not part of this plan's consultation."))
        themes.append(theme)
    commitment = _new_commitment(session, plan, " / ".join(t.label for t in themes)[:200])
    rows = {theme.id: theme_ideas(session, theme) for theme in themes}
    commitment.problem = _problem_statement(themes, rows)
    for theme in themes:
        session.add(ProvenanceLink(commitment_id=commitment.id, theme_id=theme.id,
                                   created_by_id=actor.id,
                                   note=str(_l("Drafted from this theme."))))
        for row in rows[theme.id]:
            for idea in (row.idea, *row.duplicates):
                session.add(ProvenanceLink(commitment_id=commitment.id, submission_id=idea.id,
                                           created_by_id=actor.id))
    _revise(session, actor, commitment, {field: [None, getattr(commitment, field)]
                                         for field in ("title", "problem")},
            str(_l("Drafted from the themes: %(names)s", names=", ".join(t.label for t in themes))))
    events.record(session, actor, "commitment.drafted", commitment,
                  {"plan": plan.id, "themes": [t.id for t in themes]})
    return commitment


def _new_commitment(session: Session, plan: ActionPlan, title: str) -> Commitment:
    count = session.scalar(select(func.count(Commitment.id)).where(Commitment.plan_id == plan.id))
    if count >= plan.max_commitments:
        raise ConsultError(_l("This plan already has its %(n)s commitments, its limit.",
                              n=plan.max_commitments))
    if plan.status in LOCKED_STATUSES:
        raise NotAllowed(_l("The plan is adopted: commitments can no longer be added."))
    commitment = Commitment(plan=plan, position=count + 1, title=title or "—",
                            starts_on=plan.starts_on, ends_on=plan.ends_on)
    session.add(commitment)
    session.flush()
    return commitment


def _problem_statement(themes, rows) -> str:
    parts = []
    for theme in themes:
        ideas = rows[theme.id]
        count = sum(1 + len(row.duplicates) for row in ideas)
        quoted = [f"> {row.idea.text.strip()[:300]}" for row in ideas[:QUOTED_IDEAS]]
        parts.append(str(_l("Residents raised “%(theme)s” in %(n)s ideas, for example:",
                            theme=theme.label, n=count)) + "\n\n" + "\n>\n".join(quoted))
    return "\n\n".join(parts)


def edit(session: Session, actor: User, commitment: Commitment, values: dict,
         reason: str) -> CommitmentRevision | None:
    """Change template fields; each edit is a revision. An adopted plan needs a reason."""
    reason = reason.strip()
    if commitment.plan.status in LOCKED_STATUSES and not reason:
        raise ConsultError(_l("This commitment belongs to an adopted plan: say why you change it."))
    if not (values.get("title") or commitment.title).strip():
        raise ConsultError(_l("Give the commitment a title."))
    starts, ends = (values.get("starts_on", commitment.starts_on),
                    values.get("ends_on", commitment.ends_on))
    if starts and ends and ends < starts:
        raise ConsultError(_l("The commitment must end after it starts."))
    changes = {}
    for field in TEMPLATE_FIELDS:
        if field in values and values[field] != getattr(commitment, field):
            changes[field] = [getattr(commitment, field), values[field]]
            setattr(commitment, field, values[field])
    if not changes:
        return None
    revision = _revise(session, actor, commitment, changes, reason)
    events.record(session, actor, "commitment.revised", commitment,
                  {"revision": revision.number, "fields": sorted(changes)})
    return revision


def _revise(session: Session, actor: User, commitment: Commitment, changes: dict,
            reason: str) -> CommitmentRevision:
    number = (session.scalar(select(func.max(CommitmentRevision.number))
                             .where(CommitmentRevision.commitment_id == commitment.id)) or 0) + 1
    revision = CommitmentRevision(commitment=commitment, number=number, author=actor,
                                  reason=reason, changes=_jsonable(changes))
    session.add(revision)
    session.flush()
    return revision


def _jsonable(changes: dict) -> dict:
    return {field: [value.isoformat() if isinstance(value, date) else value for value in pair]
            for field, pair in changes.items()}


def publish_commitment(session: Session, actor: User, commitment: Commitment) -> None:
    """Publish a commitment; every published commitment traces back to at least one input."""
    if not active_links(session, commitment):
        raise ConsultError(_l("Link this commitment to at least one theme or idea before "
                              "publishing it: every published commitment shows where it came "
                              "from."))
    commitment.status = CommitmentStatus.PUBLISHED
    commitment.published_at = commitment.published_at or utcnow()
    events.record(session, actor, "commitment.published", commitment, {})
    signals.commitment_published.send(session, commitment=commitment)


def active_links(session: Session, commitment: Commitment) -> int:
    return session.scalar(select(func.count(ProvenanceLink.id)).where(
        ProvenanceLink.commitment_id == commitment.id, ProvenanceLink.removed_at.is_(None))) or 0


# --- milestones ------------------------------------------------------------------------------

def add_milestone(session: Session, actor: User, commitment: Commitment, description: str,
                  due_on: date, responsible: str = "",
                  status: MilestoneStatus = MilestoneStatus.NOT_STARTED) -> Milestone:
    description = description.strip()
    if not description:
        raise ConsultError(_l("Describe the milestone."))
    if due_on < commitment.plan.starts_on:
        raise ConsultError(_l("A milestone cannot be due before the plan starts (%(date)s).",
                              date=format_day(commitment.plan.starts_on)))
    milestone = Milestone(commitment=commitment, description=description, due_on=due_on,
                          responsible=responsible.strip(), status=status)
    session.add(milestone)
    events.record(session, actor, "milestone.added", milestone,
                  {"commitment": commitment.id, "due_on": due_on.isoformat()})
    return milestone

