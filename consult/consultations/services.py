"""Reading consultations for the public."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session, joinedload

from consult.consultations.models import Consultation, Phase
from consult.core.errors import NotFound
from consult.ideas.models import Submission, SubmissionStatus

PUBLIC_PHASES = (Phase.OPEN, Phase.CLOSED, Phase.ANALYSIS, Phase.ANSWERED)

# Statements the public pages run on every request, built once: on SQLite, building a
# statement costs more than running it.
_COUNT = select(func.count(Submission.id)).where(
    Submission.consultation_id == bindparam("consultation_id"),
    Submission.status == SubmissionStatus.PUBLISHED,
)
# With its questions: every public page of a consultation shows them or offers them.
_BY_ID = (
    select(Consultation)
    .options(joinedload(Consultation.questions))
    .where(Consultation.id == bindparam("consultation_id"))
)
# Not correlated: SQLite counts once, not once per joined question row.
_BY_ID_WITH_COUNT = _BY_ID.add_columns(_COUNT.scalar_subquery())


def public_consultations(session: Session) -> list[Consultation]:
    """Every consultation the public may see, open ones first, soonest deadline first."""
    open_first = case((Consultation.phase == Phase.OPEN, 0), else_=1)
    return list(
        session.scalars(
            select(Consultation)
            .where(Consultation.phase.in_(PUBLIC_PHASES))
            .order_by(open_first, Consultation.closes_at.is_(None), Consultation.closes_at)
        )
    )


def _public(consultation: Consultation | None) -> Consultation:
    if consultation is None or consultation.phase not in PUBLIC_PHASES:
        raise NotFound(_l("This consultation does not exist or is not public yet."))
    return consultation


def get_public(session: Session, consultation_id: int) -> Consultation:
    """A consultation the public may see, with its questions."""
    result = session.execute(_BY_ID, {"consultation_id": consultation_id})
    return _public(result.unique().scalar_one_or_none())


def get_public_with_count(session: Session, consultation_id: int) -> tuple[Consultation, int]:
    """`get_public()` and `submission_count()` in one query, for the consultation page."""
    result = session.execute(_BY_ID_WITH_COUNT, {"consultation_id": consultation_id})
    row = result.unique().first()
    consultation, count = row if row else (None, 0)
    return _public(consultation), count or 0


def submission_count(session: Session, consultation: Consultation) -> int:
    """How many of the consultation's ideas are published."""
    return session.scalar(_COUNT, {"consultation_id": consultation.id}) or 0


def switch_due_phases(session: Session, now=None) -> list[Consultation]:
    """Open the drafts whose opening date has come and close the open consultations whose
    closing date has passed (the worker runs this every minute); the ones switched."""
    from consult.core import events
    from consult.core.base import utcnow

    now = now or utcnow()
    opening = session.scalars(select(Consultation).where(
        Consultation.phase == Phase.DRAFT, Consultation.opens_at.is_not(None),
        Consultation.opens_at <= now,
        (Consultation.closes_at.is_(None)) | (Consultation.closes_at > now))).all()
    closing = session.scalars(select(Consultation).where(
        Consultation.phase == Phase.OPEN, Consultation.closes_at.is_not(None),
        Consultation.closes_at <= now)).all()
    for consultation, phase in [(c, Phase.OPEN) for c in opening] + [
            (c, Phase.CLOSED) for c in closing]:
        events.record(session, None, "consultation.phase_changed", consultation,
                      {"from": consultation.phase.value, "to": phase.value, "scheduled": True})
        consultation.phase = phase
    return [*opening, *closing]
