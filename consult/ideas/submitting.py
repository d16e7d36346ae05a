"""Submitting ideas and supporting them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, Phase, Question
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError, NotAllowed, NotFound
from consult.core.outbox import enqueue_after_commit
from consult.core.user import User
from consult.ideas.languages import detect_language
from consult.ideas.models import Channel, Submission, SubmissionStatus, Support

MIN_LENGTH, MAX_LENGTH = 10, 2000
# Ideas collected offline may be entered after the consultation closed.
INTAKE_PHASES = (Phase.OPEN, Phase.CLOSED, Phase.ANALYSIS)


@dataclass
class IdeaInput:
    """What a resident (or a facilitator on their behalf) gives."""

    text: str
    question_id: int | None = None
    title: str = ""
    area: str | None = None
    language: str | None = None  # None: detect
    email: str | None = None
    channel: Channel = Channel.WEB
    received_at: datetime | None = None
    idempotency_key: str | None = None  # the form's: a second send finds the first idea


class AlreadySent(Conflict):
    """This form was sent before and its idea stored: `submission` is that idea."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(_l("This idea was already received."))
        self.submission = submission


def _already_sent(session: Session, key: str | None) -> Submission | None:
    if key is None:
        return None
    return session.scalar(select(Submission).where(Submission.idempotency_key == key))


def check_text(text: str) -> str:
    """The idea text, trimmed, or a ConsultError saying why it cannot be stored."""
    text = text.strip()
    if not text:
        raise ConsultError(_l("Write your idea."))
    if len(text) < MIN_LENGTH:
        raise ConsultError(_l("Your idea must have at least %(n)s characters.", n=MIN_LENGTH))
    if len(text) > MAX_LENGTH:
        raise ConsultError(_l("Your idea must have at most %(n)s characters.", n=MAX_LENGTH))
    return text


def _check_question(session: Session, consultation: Consultation, question_id: int | None):
    if question_id is None:
        return consultation.questions[0] if consultation.questions else None
    question = session.get(Question, question_id)
    if question is None or question.consultation_id != consultation.id:
        raise ConsultError(_l("This question is not part of this consultation."))
    return question


def _check_open(consultation: Consultation, actor: User | None, on_behalf: bool) -> None:
    if on_behalf:
        if consultation.phase not in INTAKE_PHASES:
            raise NotAllowed(_l("Ideas cannot be added to this consultation in its current phase."))
        return
    if consultation.phase is not Phase.OPEN:
        raise NotAllowed(_l("This consultation is not open for ideas."))
    if actor is None and not consultation.allow_anonymous:
        raise NotAllowed(_l("Sign in to share an idea in this consultation."))


def new_submission(
    session: Session,
    actor: User | None,
    consultation: Consultation,
    data: IdeaInput,
    entered_by: User | None = None,
) -> Submission:
    """The idea `data` as a row to add, once every check has passed; nothing is written.

    Every check reads before anything is written, so on SQLite none of them runs while the
    write lock is held (language detection included).
    """
    _check_open(consultation, actor, on_behalf=entered_by is not None)
    text = check_text(data.text)
    question = _check_question(session, consultation, data.question_id)
    if data.area and data.area not in consultation.areas:
        raise ConsultError(_l("Choose an area from the list."))
    # Keys rather than related objects: the flush then has no relationship to work through.
    return Submission(
        consultation_id=consultation.id,
        question_id=question.id if question is not None else None,
        title=data.title.strip(),
        text=text,
        language=data.language or detect_language(text, fallback=consultation.language),
        area=data.area or None,
        channel=data.channel,
        status=(
            SubmissionStatus.PENDING if consultation.premoderated else SubmissionStatus.PUBLISHED
        ),
        author_id=actor.id if actor is not None else None,
        contact_email=(data.email or "").strip() or None,
        entered_by_id=entered_by.id if entered_by else None,
        received_at=data.received_at or utcnow(),
        idempotency_key=data.idempotency_key,
    )


def created_event(submission: Submission) -> dict:
    """The payload of a `submission.created` event (nothing personal)."""
    return {"channel": submission.channel.value, "status": submission.status.value,
            "language": submission.language}


def submit_idea(
    session: Session,
    actor: User | None,
    consultation: Consultation,
    data: IdeaInput,
    entered_by: User | None = None,
) -> Submission:
    """Store an idea. `entered_by` is the facilitator typing in an idea collected offline.

    Raises `AlreadySent` when the same form (its idempotency key) already stored an idea.
    """
    if (earlier := _already_sent(session, data.idempotency_key)) is not None:
        raise AlreadySent(earlier)
    submission = new_submission(session, actor, consultation, data, entered_by)
    try:
        with session.begin_nested():
            session.add(submission)
    except IntegrityError:  # the same form sent twice at once: the other send stored it
        if (earlier := _already_sent(session, data.idempotency_key)) is None:
            raise
        raise AlreadySent(earlier) from None
    if submission.status is SubmissionStatus.PUBLISHED:
        embed_later(session, consultation.id)
    events.record(session, entered_by or actor, "submission.created", submission,
                  created_event(submission))
    return submission


def get_visible(session: Session, submission_id: int) -> Submission:
    """A submission the public may reach: published or hidden (shown with its reason)."""
    submission = session.get(Submission, submission_id)
    if submission is None or submission.status is SubmissionStatus.PENDING:
        raise NotFound(_l("This idea does not exist or is waiting for moderation."))
    if submission.consultation.phase is Phase.DRAFT:
        raise NotFound(_l("This idea does not exist or is waiting for moderation."))
    return submission


def support(
    session: Session, submission: Submission, user: User | None, supporter_key: str | None
) -> Support:
    """Record one person's support: one per account, or one per anonymous browser."""
    if submission.status is not SubmissionStatus.PUBLISHED:
        raise NotAllowed(_l("Only published ideas can be supported."))
    if submission.consultation.phase is not Phase.OPEN:
        raise NotAllowed(_l("This consultation is closed: ideas can no longer be supported."))
    if user is None and supporter_key is None:
        raise ConsultError(_l("Your browser did not keep our cookie; please try again."))
    owner = Support.user_id == user.id if user else Support.supporter_key == supporter_key
    if session.scalar(select(Support.id).where(Support.submission_id == submission.id, owner)):
        raise Conflict(_l("You already support this idea."))
    record = Support(
        submission_id=submission.id,
        user_id=user.id if user else None,
        supporter_key=None if user else supporter_key,
    )
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:  # a double click racing the check above
        raise Conflict(_l("You already support this idea.")) from None
    session.execute(
        update(Submission)
        .where(Submission.id == submission.id)
        .values(support_count=Submission.support_count + 1)
    )
    session.refresh(submission, ["support_count"])
    events.record(session, user, "submission.supported", submission, {})
    return record


def has_supported(
    session: Session, submission: Submission, user: User | None, supporter_key: str | None
) -> bool:
    if user is None and supporter_key is None:
        return False
    owner = Support.user_id == user.id if user else Support.supporter_key == supporter_key
    return session.scalar(
        select(Support.id).where(Support.submission_id == submission.id, owner)
    ) is not None


def embed_later(session: Session, consultation_id: int) -> None:
    """The consultation's new ideas get their embeddings (for themes and similar-idea lookups)
    in the background, once this transaction commits."""
    enqueue_after_commit(session, "embed_new_ideas", consultation_id)
