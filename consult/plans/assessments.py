"""Independent monitoring: monitors publish assessments of published commitments, on OGP's
completion and "did it open government?" scales."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import ConsultError
from consult.core.user import User
from consult.plans.implementation import clean_evidence_url
from consult.plans.models import (
    Assessment,
    Commitment,
    CommitmentStatus,
    Completion,
    OpenedGovernment,
)

TEXT_MAX = 10000
EVIDENCE_MAX = 20


def publish_assessment(session: Session, monitor: User, commitment: Commitment,
                       completion: Completion | str, opened_government: OpenedGovernment | str,
                       text: str, evidence: list[str] | None = None) -> Assessment:
    """Publish one assessment; a monitor may assess the same commitment again later, and every
    assessment stays public."""
    if not commitment.plan.is_published or commitment.status is not CommitmentStatus.PUBLISHED:
        raise ConsultError(_l("Only a published commitment of a published plan can be "
                              "assessed."))
    text = (text or "").strip()
    if not text:
        raise ConsultError(_l("Write the assessment: its text is required."))
    if len(text) > TEXT_MAX:
        raise ConsultError(_l("An assessment may be at most %(n)s characters long.", n=TEXT_MAX))
    links = [clean_evidence_url(url) for url in evidence or [] if url and url.strip()]
    if len(links) > EVIDENCE_MAX:
        raise ConsultError(_l("Give at most %(n)s evidence links.", n=EVIDENCE_MAX))
    assessment = Assessment(
        commitment=commitment, monitor=monitor, text=text, evidence=links,
        completion=_choice(Completion, completion, _l("Choose how complete the commitment is.")),
        opened_government=_choice(OpenedGovernment, opened_government,
                                  _l("Choose whether the commitment opened government.")),
        published_at=utcnow())
    session.add(assessment)
    events.record(session, monitor, "assessment.published", assessment, {
        "commitment": commitment.id, "completion": assessment.completion.value,
        "opened_government": assessment.opened_government.value, "evidence": links})
    return assessment


def _choice(enum, value, message):
    try:
        return enum(value)
    except ValueError:
        raise ConsultError(message) from None


def published_for(session: Session, commitment: Commitment) -> list[Assessment]:
    """The commitment's published assessments, newest first."""
    return list(session.scalars(select(Assessment).where(
        Assessment.commitment_id == commitment.id, Assessment.published_at.is_not(None))
        .order_by(Assessment.published_at.desc(), Assessment.id.desc())))
