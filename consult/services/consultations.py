"""Reading consultations for the public."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from consult.models import Consultation, Phase, Submission, SubmissionStatus
from consult.services.errors import NotFound

PUBLIC_PHASES = (Phase.OPEN, Phase.CLOSED, Phase.ANALYSIS, Phase.ANSWERED)


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


def get_public(session: Session, consultation_id: int) -> Consultation:
    consultation = session.get(Consultation, consultation_id)
    if consultation is None or consultation.phase not in PUBLIC_PHASES:
        raise NotFound(_l("This consultation does not exist or is not public yet."))
    return consultation


def submission_count(session: Session, consultation: Consultation) -> int:
    return session.scalar(
        select(func.count(Submission.id)).where(
            Submission.consultation_id == consultation.id,
            Submission.status == SubmissionStatus.PUBLISHED,
        )
    ) or 0
