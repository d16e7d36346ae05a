"""What the public Atom feeds tell: the published updates of a consultation or of one
commitment, newest first. Only what the public pages already show: published answers to
published ideas (and to themes once themes are public), published commitments, their revisions,
progress and published assessments. Never who wrote an idea or an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from consult.consultations.models import Consultation
from consult.consultations.services import PUBLIC_PHASES
from consult.core.errors import NotFound
from consult.ideas.models import SubmissionStatus
from consult.plans.models import (
    ActionPlan,
    Assessment,
    Commitment,
    CommitmentStatus,
    ProgressUpdate,
)
from consult.responses.models import Response, ResponseState, response_commitments
from consult.themes.views import themes_are_public

MAX_ITEMS = 100  # a feed reader needs the recent updates, not the whole history


@dataclass
class FeedItem:
    """One update. `kind` is answer, theme_answer, commitment, revision, progress or
    assessment; `subject` is the row it is about."""

    kind: str
    at: datetime
    subject: Any


def public_commitment(session: Session, commitment_id: int) -> Commitment:
    """A published commitment of a published plan of a public consultation."""
    commitment = session.get(Commitment, commitment_id)
    if (commitment is None or commitment.status is not CommitmentStatus.PUBLISHED
            or not commitment.plan.is_published
            or commitment.plan.consultation.phase not in PUBLIC_PHASES):
        raise NotFound(_l("This commitment does not exist or is not public."))
    return commitment


def _answers(session: Session, *conditions) -> list[FeedItem]:
    """Published answers (corrected ones too: they were news when published), one entry per
    answer given: an idea answered with its theme is told once, as the theme's answer."""
    responses = session.scalars(select(Response).where(
        Response.state.in_([ResponseState.PUBLISHED, ResponseState.SUPERSEDED]),
        Response.published_at.is_not(None), Response.from_theme_id.is_(None), *conditions)
        .options(selectinload(Response.submission), selectinload(Response.theme),
                 selectinload(Response.consultation))
        .order_by(Response.published_at.desc(), Response.id.desc()).limit(MAX_ITEMS))
    items = []
    for response in responses:
        if response.submission_id is not None:
            if response.submission.status is SubmissionStatus.PUBLISHED:
                items.append(FeedItem("answer", response.published_at, response))
        elif response.theme_id is not None and themes_are_public(response.consultation):
            items.append(FeedItem("theme_answer", response.published_at, response))
    return items


def _commitment_news(session: Session, commitments: list[Commitment]) -> list[FeedItem]:
    ids = [c.id for c in commitments]
    items = [FeedItem("commitment", c.published_at, c) for c in commitments if c.published_at]
    items += [FeedItem("progress", p.created_at, p) for p in session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.commitment_id.in_(ids))
        .options(selectinload(ProgressUpdate.milestone)))]
    items += [FeedItem("assessment", a.published_at, a) for a in session.scalars(
        select(Assessment).where(Assessment.commitment_id.in_(ids),
                                 Assessment.published_at.is_not(None)))]
    return items


def _newest(items: list[FeedItem]) -> list[FeedItem]:
    return sorted(items, key=lambda item: item.at, reverse=True)[:MAX_ITEMS]


def consultation_items(session: Session, consultation: Consultation) -> list[FeedItem]:
    """Answers to its ideas and themes, and the published commitments of its published plans
    with their progress and assessments."""
    commitments = list(session.scalars(
        select(Commitment).join(ActionPlan, ActionPlan.id == Commitment.plan_id).where(
            ActionPlan.consultation_id == consultation.id, ActionPlan.published_at.is_not(None),
            Commitment.status == CommitmentStatus.PUBLISHED)))
    items = _answers(session, Response.consultation_id == consultation.id)
    return _newest(items + _commitment_news(session, commitments))


def commitment_items(session: Session, commitment: Commitment) -> list[FeedItem]:
    """Its publication and revisions, progress, assessments and the answers that point to it."""
    items = _commitment_news(session, [commitment])
    items += [FeedItem("revision", r.created_at, r) for r in commitment.revisions]
    items += _answers(session, Response.id.in_(
        select(response_commitments.c.response_id)
        .where(response_commitments.c.commitment_id == commitment.id)))
    return _newest(items)
