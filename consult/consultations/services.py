"""Reading consultations for the public."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, select
from sqlalchemy.orm import Session, joinedload

from consult.consultations.models import Consultation, Phase
from consult.core.errors import NotFound

PUBLIC_PHASES = (Phase.OPEN, Phase.CLOSED, Phase.ANALYSIS, Phase.ANSWERED)

# Statements the public pages run on every request, built once: on SQLite, building a
# statement costs more than running it. With its questions: every public page of a
# consultation shows them or offers them.
BY_ID = (
    select(Consultation)
    .options(joinedload(Consultation.questions))
    .where(Consultation.id == bindparam("consultation_id"))
)


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


def public_only(consultation: Consultation | None) -> Consultation:
    """`consultation` if the public may see it; else NotFound."""
    if consultation is None or consultation.phase not in PUBLIC_PHASES:
        raise NotFound(_l("This consultation does not exist or is not public yet."))
    return consultation


def get_public(session: Session, consultation_id: int) -> Consultation:
    """A consultation the public may see, with its questions."""
    result = session.execute(BY_ID, {"consultation_id": consultation_id})
    return public_only(result.unique().scalar_one_or_none())


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
