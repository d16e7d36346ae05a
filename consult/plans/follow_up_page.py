"""What became of a published commitment, as its public page tells it: the progress reported,
the monitors' assessments and the official answers that point to it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from consult.plans import assessments, implementation
from consult.plans.models import Assessment, Commitment
from consult.responses.models import Response, ResponseState, response_commitments


@dataclass
class FollowUp:
    progress: list[implementation.MilestoneProgress]
    assessments: list[Assessment]
    answers: list[Response]
    adoption_difference: str | None  # None, "changed" or "absent"


def follow_up(session: Session, commitment: Commitment) -> FollowUp:
    return FollowUp(
        progress=implementation.progress(session, commitment),
        assessments=assessments.published_for(session, commitment),
        answers=linked_answers(session, commitment),
        adoption_difference=implementation.adoption_difference(commitment.plan, commitment),
    )


def linked_answers(session: Session, commitment: Commitment) -> list[Response]:
    """Published answers that name this commitment, newest first.

    A theme's answer is copied onto each of its ideas; only the theme's own row is listed,
    once, so a theme of 200 ideas is not 200 entries.
    """
    return list(session.scalars(
        select(Response).join(response_commitments,
                              response_commitments.c.response_id == Response.id)
        .where(response_commitments.c.commitment_id == commitment.id,
               Response.state == ResponseState.PUBLISHED, Response.from_theme_id.is_(None))
        .options(selectinload(Response.theme), selectinload(Response.submission))
        .order_by(Response.published_at.desc(), Response.id.desc())))
