"""Every published idea of a consultation, classified by the database: its live theme (once
themes are public) and the answer that stands for it. "You said, we did" counts these rows and
lists them with the same statement, so each number links to exactly the ideas behind it.

The standing answer follows `answers.standing_for_ideas`: an idea's own published answer stands
over the one it got with its theme; among answers of the same kind the latest published stands.
"""

from __future__ import annotations

from sqlalchemy import Float, Select, and_, case, cast, func, null, select
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


def median_days(session: Session, consultation: Consultation, rows,
                answered: int) -> float | None:
    """The median number of days from receiving an answered idea to its first published
    answer (a later correction does not reset it), found by the database: the middle row(s)
    of the delays in order. `rows` is the `classified` subquery."""
    if not answered:
        return None
    first = (select(Response.submission_id, func.min(Response.published_at).label("at"))
             .where(Response.consultation_id == consultation.id,
                    Response.submission_id.is_not(None), Response.published_at.is_not(None),
                    Response.state.in_([ResponseState.PUBLISHED, ResponseState.SUPERSEDED]))
             .group_by(Response.submission_id).subquery("first_answer"))
    if session.get_bind().dialect.name == "postgresql":
        days = func.extract("epoch", first.c.at - rows.c.received_at) / 86400
    else:
        days = func.julianday(first.c.at) - func.julianday(rows.c.received_at)
    delays = (select(cast(days, Float).label("days"))
              .join_from(rows, first, first.c.submission_id == rows.c.id)
              .where(rows.c.answer_id.is_not(None)))
    # Every answered idea has a first published answer: `answered` rows, no need to count.
    middle = list(session.scalars(delays.order_by("days").offset((answered - 1) // 2)
                                  .limit(2 - answered % 2)))
    return sum(middle) / len(middle) if middle else None
