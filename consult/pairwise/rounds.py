"""Facilitators open a pairwise round on a consultation, close it and publish its results.

Opening copies what is compared (the consultation's current themes, or its published ideas)
into the round's items; each change of a round is written to the event log.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, Phase
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError, NotAllowed, NotFound
from consult.core.user import User
from consult.ideas.models import Submission, SubmissionStatus
from consult.pairwise.models import PairwiseItem, PairwiseRound, Subject
from consult.themes.state import live_themes

# While ideas come in and while they are analysed: later, the decisions are being made.
PAIRWISE_PHASES = (Phase.OPEN, Phase.ANALYSIS)
# A round compares at most this many items: beyond it, few pairs reach each item. The most
# supported ideas come first when there are more.
MAX_ITEMS = 100
TEXT_LENGTH = 200
DETAIL_LENGTH = 400
DEFAULT_QUESTION = _l("Which matters more to you?")


def question_of(round_: PairwiseRound) -> str:
    """The question as residents read it: the facilitator's words, else the default one in
    the reader's language."""
    return round_.question or str(DEFAULT_QUESTION)


def is_taking_answers(round_: PairwiseRound, consultation: Consultation) -> bool:
    return round_.is_open and consultation.phase in PAIRWISE_PHASES


def open_round_of(session: Session, consultation: Consultation) -> PairwiseRound | None:
    return session.scalar(select(PairwiseRound).where(
        PairwiseRound.consultation_id == consultation.id, PairwiseRound.closed_at.is_(None))
        .order_by(PairwiseRound.id.desc()).limit(1))


def rounds_of(session: Session, consultation: Consultation) -> list[PairwiseRound]:
    """Every round of the consultation, the latest first."""
    return list(session.scalars(select(PairwiseRound).where(
        PairwiseRound.consultation_id == consultation.id).order_by(PairwiseRound.id.desc())))


def shown_round(session: Session, consultation: Consultation) -> PairwiseRound:
    """The round residents are sent to: the open one, else the latest."""
    found = open_round_of(session, consultation) or next(
        iter(rounds_of(session, consultation)), None)
    if found is None:
        raise NotFound(_l("This consultation has no question to compare."))
    return found


def get_round(session: Session, consultation: Consultation, round_id: int) -> PairwiseRound:
    found = session.get(PairwiseRound, round_id)
    if found is None or found.consultation_id != consultation.id:
        raise NotFound(_l("This question does not exist in this consultation."))
    return found


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",.;:") + "…"


def _theme_items(session: Session, consultation: Consultation) -> list[PairwiseItem]:
    return [PairwiseItem(theme_id=theme.id, text=_shortened(theme.label, TEXT_LENGTH),
                         detail=_shortened(theme.description or "", DETAIL_LENGTH))
            for theme in live_themes(session, consultation.id)[:MAX_ITEMS]]


def _idea_items(session: Session, consultation: Consultation) -> list[PairwiseItem]:
    ideas = session.scalars(select(Submission).where(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.PUBLISHED)
        .order_by(Submission.support_count.desc(), Submission.id).limit(MAX_ITEMS))
    items = []
    for idea in ideas:
        text = idea.title or idea.text
        detail = idea.text if idea.title else ""
        items.append(PairwiseItem(submission_id=idea.id, language=idea.language,
                                  text=_shortened(text, TEXT_LENGTH),
                                  detail=_shortened(detail, DETAIL_LENGTH)))
    return items


def open_round(session: Session, actor: User, consultation: Consultation, subject: Subject,
               question: str = "") -> PairwiseRound:
    """Open a round comparing `subject` of `consultation`; one round is open at a time."""
    if consultation.phase not in PAIRWISE_PHASES:
        raise NotAllowed(_l("A pairwise question can be opened while the consultation is open "
                            "or being analysed."))
    if open_round_of(session, consultation) is not None:
        raise Conflict(_l("A pairwise question is already open in this consultation: close it "
                          "first."))
    items = (_theme_items if subject is Subject.THEMES else _idea_items)(session, consultation)
    if len(items) < 2:
        raise ConsultError(_l("There must be at least two themes to compare: group the ideas "
                              "into themes first, or compare the ideas.")
                           if subject is Subject.THEMES else
                           _l("There must be at least two published ideas to compare."))
    round_ = PairwiseRound(consultation_id=consultation.id, subject=subject,
                           question=question.strip(), opened_by_id=actor.id)
    for position, item in enumerate(items):
        item.position = position
        round_.items.append(item)
    session.add(round_)
    events.record(session, actor, "pairwise.opened", round_,
                  {"consultation_id": consultation.id, "subject": subject.value,
                   "items": len(items)})
    return round_


def close_round(session: Session, actor: User, round_: PairwiseRound) -> PairwiseRound:
    """Stop taking answers; the results stay as they are."""
    if not round_.is_open:
        raise Conflict(_l("This question is already closed."))
    round_.closed_at = utcnow()
    events.record(session, actor, "pairwise.closed", round_)
    return round_


def publish_round(session: Session, actor: User, round_: PairwiseRound) -> PairwiseRound:
    """Make the results public; while the round is open, they grow with each answer."""
    if round_.published_at is not None:
        raise Conflict(_l("These results are already public."))
    round_.published_at = utcnow()
    events.record(session, actor, "pairwise.published", round_)
    return round_
