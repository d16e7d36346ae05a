"""The officials' response queue: the ideas still waiting for a published answer, the themes
to answer at once, and how far the answering has come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from consult.consultations.models import Consultation
from consult.consultations.services import PUBLIC_PHASES
from consult.core.base import utcnow
from consult.ideas.listing import Page
from consult.ideas.models import Submission, SubmissionStatus
from consult.responses.answering import PENDING
from consult.responses.answers import deadline
from consult.responses.models import Response, ResponseState
from consult.themes.models import ClusteringRun, Theme, ThemeMembership
from consult.themes.state import current_run, live_themes

PER_PAGE = 20


@dataclass
class QueueFilters:
    consultation_id: int | None = None
    theme_id: int | None = None
    older_than_days: int | None = None  # days since the idea arrived
    area: str | None = None
    page: int = 1


@dataclass
class QueueCounts:
    """Ideas matching the filters, by where their answer is (an idea may be in several)."""

    unanswered: int  # no published answer yet
    drafts: int  # an answer drafted, not yet sent for review or published
    in_review: int  # an answer waiting for a second official
    answered: int  # a published answer
    overdue: int  # unanswered past the consultation's deadline


@dataclass
class QueueRow:
    idea: Submission
    theme: Theme | None
    pending: Response | None  # the answer in progress, own or the theme's
    overdue: bool
    days: int  # since the idea arrived


@dataclass
class ThemeRow:
    theme: Theme
    ideas: int
    unanswered: int
    pending: Response | None  # the theme's answer in progress
    published: Response | None  # the theme's published answer


@dataclass
class Queue:
    page: Page
    counts: QueueCounts
    themes: list[ThemeRow]


def _has(*states: ResponseState):
    return select(Response.id).where(Response.submission_id == Submission.id,
                                     Response.state.in_(states)).exists()


def overdue_consultations(session: Session, now: datetime) -> set[int]:
    return {c.id for c in session.scalars(select(Consultation).where(
        Consultation.phase.in_(PUBLIC_PHASES), Consultation.closes_at.is_not(None)))
        if deadline(c) < now}


def _ideas(session: Session, filters: QueueFilters, now: datetime) -> Select:
    statement = select(Submission).join(Consultation).where(
        Consultation.phase.in_(PUBLIC_PHASES), Submission.status == SubmissionStatus.PUBLISHED)
    if filters.consultation_id:
        statement = statement.where(Submission.consultation_id == filters.consultation_id)
    if filters.area:
        statement = statement.where(Submission.area == filters.area)
    if filters.older_than_days:
        statement = statement.where(
            Submission.received_at <= now - timedelta(days=filters.older_than_days))
    if filters.theme_id:
        in_theme = select(ThemeMembership.submission_id).join(
            ClusteringRun, ClusteringRun.id == ThemeMembership.run_id).where(
            ClusteringRun.current.is_(True), ThemeMembership.theme_id == filters.theme_id)
        statement = statement.where(Submission.id.in_(in_theme))
    return statement


def queue(session: Session, filters: QueueFilters, now: datetime | None = None) -> Queue:
    """One page of the unanswered ideas matching `filters`, oldest first, with the counts."""
    now = now or utcnow()
    late = overdue_consultations(session, now)
    ideas = _ideas(session, filters, now).subquery()

    def has(state: ResponseState):  # per idea: 1 when one of its answers is in `state`
        return func.max(case((Response.state == state, 1), else_=0)).label(state.value)

    # Each idea's answers summed up once (one pass over the answers), then joined to the ideas:
    # a fixed number of passes, however many ideas and answers.
    states = (select(Response.submission_id, has(ResponseState.PUBLISHED),
                     has(ResponseState.DRAFT), has(ResponseState.IN_REVIEW))
              .where(Response.submission_id.is_not(None)).group_by(Response.submission_id)
              .subquery("states"))
    answered = func.coalesce(states.c.published, 0) == 1

    def count(condition) -> object:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = session.execute(select(
        count(~answered), count(states.c.draft == 1), count(states.c.in_review == 1),
        count(answered), count(and_(~answered, ideas.c.consultation_id.in_(list(late)))),
    ).select_from(ideas).outerjoin(states, states.c.submission_id == ideas.c.id)).one()
    counts = QueueCounts(*(int(value) for value in row))
    page = max(1, filters.page)
    items = session.scalars(
        _ideas(session, filters, now).where(~_has(ResponseState.PUBLISHED))
        .options(selectinload(Submission.consultation))
        .order_by(Submission.received_at, Submission.id)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return Queue(Page(items=_rows(session, items, late, now), total=counts.unanswered, page=page,
                      per_page=PER_PAGE),
                 counts, theme_rows(session, filters))


def _rows(session: Session, ideas: list[Submission], late: set[int],
          now: datetime) -> list[QueueRow]:
    ids = [idea.id for idea in ideas]
    themes = dict(session.execute(
        select(ThemeMembership.submission_id, Theme)
        .join(Theme, Theme.id == ThemeMembership.theme_id)
        .join(ClusteringRun, ClusteringRun.id == ThemeMembership.run_id)
        .where(ClusteringRun.current.is_(True), ThemeMembership.submission_id.in_(ids))).all())
    pending: dict[int, Response] = {}
    for response in session.scalars(select(Response).where(
            Response.submission_id.in_(ids), Response.state.in_(PENDING))
            .order_by(Response.id)):
        if response.submission_id not in pending or response.from_theme_id is None:
            pending[response.submission_id] = response.from_theme or response
    return [QueueRow(idea, themes.get(idea.id), pending.get(idea.id),
                     idea.consultation_id in late, (now - idea.received_at).days)
            for idea in ideas]


def theme_rows(session: Session, filters: QueueFilters) -> list[ThemeRow]:
    """The live themes of the chosen consultation (or theme), to answer each at once."""
    if not filters.consultation_id:
        return []
    run = current_run(session, filters.consultation_id)
    if run is None:
        return []
    themes = [t for t in live_themes(session, filters.consultation_id)
              if not filters.theme_id or t.id == filters.theme_id]
    published = select(Response.id).where(Response.submission_id == ThemeMembership.submission_id,
                                          Response.state == ResponseState.PUBLISHED).exists()
    sizes = {theme_id: (total, int(open_)) for theme_id, total, open_ in session.execute(
        select(ThemeMembership.theme_id, func.count(),
               func.coalesce(func.sum(case((~published, 1), else_=0)), 0))
        .join(Submission, Submission.id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == run.id, Submission.status == SubmissionStatus.PUBLISHED)
        .group_by(ThemeMembership.theme_id))}
    answers: dict[tuple[int, str], Response] = {}
    for response in session.scalars(select(Response).where(
            Response.theme_id.in_([t.id for t in themes]), Response.submission_id.is_(None),
            Response.state.in_([*PENDING, ResponseState.PUBLISHED])).order_by(Response.id)):
        kind = "published" if response.state is ResponseState.PUBLISHED else "pending"
        answers[(response.theme_id, kind)] = response
    return [ThemeRow(t, *sizes.get(t.id, (0, 0)), answers.get((t.id, "pending")),
                     answers.get((t.id, "published"))) for t in themes]


def theme_of(session: Session, submission: Submission) -> Theme | None:
    """The theme an idea is in now, public or not yet."""
    return session.scalar(
        select(Theme).join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
        .join(ClusteringRun, ClusteringRun.id == ThemeMembership.run_id)
        .where(ClusteringRun.current.is_(True), ThemeMembership.submission_id == submission.id))


def pending_for(session: Session, *, submission_id: int | None = None,
                theme_id: int | None = None) -> list[Response]:
    """The answers in progress for an idea (its own and its theme's) or for a theme."""
    statement = select(Response).where(Response.state.in_(PENDING))
    if submission_id is not None:
        statement = statement.where(Response.submission_id == submission_id)
    else:
        statement = statement.where(Response.theme_id == theme_id,
                                    Response.submission_id.is_(None))
    return [row.from_theme or row for row in session.scalars(statement.order_by(Response.id))]


def idea_count(session: Session, response: Response) -> int:
    """How many ideas an answer covers: one, or the ideas of its theme."""
    if response.submission_id is not None:
        return 1
    return session.scalar(select(func.count(Response.id)).where(
        Response.from_theme_id == response.id)) or 0
