"""Every published idea of a consultation, classified by the database: its live theme (once
themes are public) and the answer that stands for it. "You said, we did" counts these rows and
lists them with the same statement, so each number links to exactly the ideas behind it.

The standing answer follows `answers.standing_for_ideas`: an idea's own published answer stands
over the one it got with its theme; among answers of the same kind the latest published stands.
"""

from __future__ import annotations

from sqlalchemy import (
    Float,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.ideas.models import Submission, SubmissionStatus
from consult.responses.models import Response, ResponseState
from consult.themes.models import Theme, ThemeMembership
from consult.themes.state import current_run


def _standing(consultation_id: int):
    """idea id, answer id and status of each published answer, ranked 1 for the one that
    stands."""
    own_first = case((Response.from_theme_id.is_(None), 0), else_=1)
    return (
        select(Response.submission_id, Response.id.label("answer_id"), Response.status,
               func.row_number().over(partition_by=Response.submission_id,
                                      order_by=(own_first, Response.published_at.desc(),
                                                Response.id.desc())).label("rank"))
        .where(Response.consultation_id == consultation_id,
               Response.submission_id.is_not(None), Response.state == ResponseState.PUBLISHED)
        .subquery("standing"))


def classified(session: Session, consultation: Consultation, themed: bool) -> Select:
    """One row per published idea: `id`, `received_at`, `theme_id` (its live theme in the
    current run; None without one, or while themes are not public), `answer_id` and `status`
    of its standing answer (None when unanswered)."""
    standing = _standing(consultation.id)
    run = current_run(session, consultation.id) if themed else None
    statement = (select(Submission.id, Submission.received_at)
                 .outerjoin(standing, and_(standing.c.submission_id == Submission.id,
                                           standing.c.rank == 1))
                 .where(Submission.consultation_id == consultation.id,
                        Submission.status == SubmissionStatus.PUBLISHED))
    if run is None:
        theme = null()
    else:
        live = select(Theme.id).where(Theme.consultation_id == consultation.id,
                                      Theme.retired_at.is_(None))
        statement = statement.outerjoin(ThemeMembership, and_(
            ThemeMembership.run_id == run.id, ThemeMembership.submission_id == Submission.id))
        theme = case((ThemeMembership.theme_id.in_(live), ThemeMembership.theme_id),
                     else_=null())
    return statement.add_columns(theme.label("theme_id"), standing.c.answer_id,
                                 standing.c.status)


def _with_delays(session: Session, consultation: Consultation, themed: bool):
    """`classified` with `days`: for an answered idea, the days from receiving it to its
    first published answer (a later correction does not reset it)."""
    first = (select(Response.submission_id, func.min(Response.published_at).label("at"))
             .where(Response.consultation_id == consultation.id,
                    Response.submission_id.is_not(None), Response.published_at.is_not(None),
                    Response.state.in_([ResponseState.PUBLISHED, ResponseState.SUPERSEDED]))
             .group_by(Response.submission_id).subquery("first_answer"))
    if session.get_bind().dialect.name == "postgresql":
        days = func.extract("epoch", first.c.at - Submission.received_at) / 86400
    else:
        days = func.julianday(first.c.at) - func.julianday(Submission.received_at)
    rows = classified(session, consultation, themed)
    answered_days = case((rows.selected_columns.answer_id.is_not(None), cast(days, Float)),
                         else_=null())
    return (rows.outerjoin(first, first.c.submission_id == Submission.id)
            .add_columns(answered_days.label("days")))


def counted(session: Session, consultation: Consultation, themed: bool
            ) -> tuple[list[tuple[int | None, object, int]], float | None]:
    """The ideas counted per (theme id, standing answer's status), and the median number of
    days from receiving an answered idea to its first published answer: one statement, one
    pass over the ideas (their classification is a common table both parts read)."""
    rows = _with_delays(session, consultation, themed).cte("classified")
    counts = (select(literal("count").label("part"), rows.c.theme_id, rows.c.status,
                     func.count().label("ideas"), cast(null(), Float).label("days"))
              .group_by(rows.c.theme_id, rows.c.status))
    ordered = (select(rows.c.days, func.row_number().over(order_by=rows.c.days).label("place"),
                      func.count().over().label("of"))
               .where(rows.c.days.is_not(None)).subquery("ordered"))
    middle = (select(literal("middle"), null(), null(), null(), ordered.c.days)
              .where(ordered.c.place.in_([(ordered.c.of + 1) // 2, (ordered.c.of + 2) // 2])))
    groups, middles = [], []
    for part, theme_id, status, ideas, days in session.execute(union_all(counts, middle)):
        if part == "count":
            groups.append((theme_id, status, ideas))
        else:
            middles.append(days)
    return groups, (sum(middles) / len(middles) if middles else None)
