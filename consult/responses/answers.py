"""Which published answer stands for each idea and theme (the read side of responses).

An idea's own published answer stands over the answer it got with its theme; a correction
supersedes the version it corrects, which stays visible in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from consult.consultations.models import Consultation
from consult.plans.models import Commitment, CommitmentStatus
from consult.responses.models import Response, ResponseState


def _published(query):
    return query.where(Response.state == ResponseState.PUBLISHED).options(
        selectinload(Response.commitments))


def standing_for_ideas(session: Session, submission_ids: Iterable[int]) -> dict[int, Response]:
    """idea id -> the published answer that stands for it (its own, else its theme's)."""
    ids = list(submission_ids)
    if not ids:
        return {}
    standing: dict[int, Response] = {}
    for response in session.scalars(_published(select(Response)).where(
            Response.submission_id.in_(ids)).order_by(Response.published_at, Response.id)):
        current = standing.get(response.submission_id)
        own = response.from_theme_id is None
        if current is None or own or current.from_theme_id is not None:
            standing[response.submission_id] = response
    return standing


def standing_for_consultation(session: Session, consultation_id: int) -> dict[int, Response]:
    """idea id -> the answer that stands for it, for every answered idea of a consultation."""
    standing: dict[int, Response] = {}
    for response in session.scalars(_published(select(Response)).where(
            Response.consultation_id == consultation_id, Response.submission_id.is_not(None))
            .order_by(Response.published_at, Response.id)):
        current = standing.get(response.submission_id)
        if current is None or response.from_theme_id is None or current.from_theme_id is not None:
            standing[response.submission_id] = response
    return standing


def standing_for_theme(session: Session, theme_id: int) -> Response | None:
    return session.scalar(_published(select(Response)).where(
        Response.theme_id == theme_id, Response.submission_id.is_(None))
        .order_by(Response.published_at.desc(), Response.id.desc()))


def history(session: Session, *, submission_id: int | None = None,
            theme_id: int | None = None) -> list[Response]:
    """Every published and superseded answer to one idea (its own and its theme's) or one
    theme, oldest first: nothing published is ever hidden."""
    query = select(Response).where(Response.state.in_(
        [ResponseState.PUBLISHED, ResponseState.SUPERSEDED]))
    if submission_id is not None:
        query = query.where(Response.submission_id == submission_id)
    else:
        query = query.where(Response.theme_id == theme_id, Response.submission_id.is_(None))
    return list(session.scalars(query.options(selectinload(Response.commitments))
                                .order_by(Response.published_at, Response.id)))


def deadline(consultation: Consultation) -> datetime | None:
    """When answers are owed: the consultation's response days after it closes."""
    if consultation.closes_at is None:
        return None
    return consultation.closes_at + timedelta(days=consultation.response_days)


@dataclass
class ShownAnswer:
    """A published (or superseded) answer as the public sees it."""

    response: Response
    commitments: list[Commitment]  # the published ones: the plan's drafts stay private
    corrected_by: Response | None = None  # the version that replaced it, if one did


@dataclass
class AnswerRecord:
    """What an idea's or a theme's page shows: the answer that stands, and every earlier one
    (corrected versions, or the theme's answer an own answer stands over), newest first."""

    standing: ShownAnswer | None = None
    earlier: list[ShownAnswer] = field(default_factory=list)


def answer_record(session: Session, *, submission_id: int | None = None,
                  theme_id: int | None = None) -> AnswerRecord:
    """The public record of the answers to one idea or one theme; drafts never appear."""
    rows = history(session, submission_id=submission_id, theme_id=theme_id)
    if submission_id is not None:
        standing = standing_for_ideas(session, [submission_id]).get(submission_id)
    else:
        standing = standing_for_theme(session, theme_id)
    replaced = {row.corrects_id: row for row in rows if row.corrects_id is not None}

    def shown(response: Response) -> ShownAnswer:
        return ShownAnswer(response, [c for c in response.commitments
                                      if c.status is CommitmentStatus.PUBLISHED],
                           replaced.get(response.id))

    return AnswerRecord(
        shown(standing) if standing is not None else None,
        [shown(row) for row in reversed(rows) if standing is None or row.id != standing.id])
