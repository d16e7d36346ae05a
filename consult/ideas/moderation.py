"""Flags from residents and moderators' decisions. Nothing is deleted: decisions are events.

A flag stays in the table for good. A moderator's decision on an idea (hide, restore, dismiss
its flags) records in its event the id of the newest flag it settled; flags after that id are
the ones still waiting, so the queue is read from the event log without a schema change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.errors import Conflict, ConsultError, NotAllowed
from consult.core.event import Event
from consult.core.user import User
from consult.ideas import submitting
from consult.ideas.listing import Page
from consult.ideas.models import Flag, FlagReason, Submission, SubmissionStatus

NOTE_MAX = 500
REASON_MIN, REASON_MAX = 5, 500
MODERATION_PAGE = 50  # ideas per list and page of the moderation queue
SETTLING_ACTIONS = ("submission.hidden", "submission.restored", "submission.flags_dismissed")


def flag(
    session: Session,
    submission: Submission,
    user: User | None,
    flagger_key: str | None,
    reason: FlagReason,
    note: str = "",
) -> Flag:
    """One person's report on a published idea: one per account or anonymous browser."""
    if submission.status is not SubmissionStatus.PUBLISHED:
        raise NotAllowed(_l("Only published ideas can be reported."))
    if user is None and flagger_key is None:
        raise ConsultError(_l("Your browser did not keep our cookie; please try again."))
    owner = Flag.user_id == user.id if user else Flag.flagger_key == flagger_key
    if session.scalar(select(Flag.id).where(Flag.submission_id == submission.id, owner)):
        raise Conflict(_l("You have already reported this idea. Thank you."))
    record = Flag(submission_id=submission.id, reason=reason, note=note.strip()[:NOTE_MAX],
                  user_id=user.id if user else None, flagger_key=None if user else flagger_key)
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:  # a double click racing the check above
        raise Conflict(_l("You have already reported this idea. Thank you.")) from None
    # The note may hold personal data: it stays in the flag row, not in the public log.
    events.record(session, user, "submission.flagged", submission, {"reason": reason.value})
    return record


def _newest_flag_id(session: Session, submission: Submission) -> int:
    return session.scalar(
        select(func.max(Flag.id)).where(Flag.submission_id == submission.id)
    ) or 0


def _decide(session: Session, actor: User, submission: Submission, action: str,
            payload: dict) -> None:
    payload["flags_through"] = _newest_flag_id(session, submission)
    events.record(session, actor, action, submission, payload)


def publish(session: Session, actor: User, submission: Submission) -> None:
    """Publish an idea that waited for pre-moderation."""
    if submission.status is not SubmissionStatus.PENDING:
        raise Conflict(_l("This idea is not waiting for moderation."))
    submission.status = SubmissionStatus.PUBLISHED
    submitting.embed_later(session, submission.consultation_id)
    events.record(session, actor, "submission.published", submission, {})


def hide(session: Session, actor: User, submission: Submission, reason: str) -> None:
    """Hide an idea (pending or published) with a reason the public sees; it is kept."""
    reason = reason.strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise ConsultError(_l("The reason must have between %(min)s and %(max)s characters.",
                              min=REASON_MIN, max=REASON_MAX))
    if submission.status is SubmissionStatus.HIDDEN:
        raise Conflict(_l("This idea is already hidden."))
    previous = submission.status
    submission.status = SubmissionStatus.HIDDEN
    submission.moderation_reason = reason
    _decide(session, actor, submission, "submission.hidden",
            {"reason": reason, "from": previous.value})


def restore(session: Session, actor: User, submission: Submission) -> None:
    """Publish a hidden idea again; the reason it was hidden stays in the event log."""
    if submission.status is not SubmissionStatus.HIDDEN:
        raise Conflict(_l("This idea is not hidden."))
    submission.status = SubmissionStatus.PUBLISHED
    submission.moderation_reason = None
    _decide(session, actor, submission, "submission.restored", {})


def dismiss_flags(session: Session, actor: User, submission: Submission) -> None:
    """Keep the idea published: its current flags are settled, later ones will show again."""
    if not open_flags(session, [submission.id]).get(submission.id):
        raise Conflict(_l("This idea has no reports waiting."))
    _decide(session, actor, submission, "submission.flags_dismissed", {})


def _settled_through(session: Session, submission_ids: list[int]) -> dict[int, int]:
    settled: dict[int, int] = defaultdict(int)
    rows = session.execute(
        select(Event.object_id, Event.payload).where(
            Event.object_type == "submission", Event.object_id.in_(submission_ids),
            Event.action.in_(SETTLING_ACTIONS),
        )
    )
    for object_id, payload in rows:
        settled[object_id] = max(settled[object_id], int(payload.get("flags_through", 0)))
    return settled


def open_flags(session: Session, submission_ids: list[int] | None = None) -> dict[int, list[Flag]]:
    """Flags not yet settled by a moderator, by published submission id."""
    query = select(Flag).join(Submission, Submission.id == Flag.submission_id).where(
        Submission.status == SubmissionStatus.PUBLISHED
    ).order_by(Flag.id)
    if submission_ids is not None:
        query = query.where(Flag.submission_id.in_(submission_ids))
    flags = list(session.scalars(query))
    settled = _settled_through(session, sorted({f.submission_id for f in flags}))
    waiting: dict[int, list[Flag]] = defaultdict(list)
    for item in flags:
        if item.id > settled[item.submission_id]:
            waiting[item.submission_id].append(item)
    return dict(waiting)


@dataclass
class FlaggedIdea:
    submission: Submission
    flags: list[Flag]
    reasons: dict[FlagReason, int] = field(default_factory=dict)


@dataclass
class Queue:
    pending: Page  # of Submission
    flagged: Page  # of FlaggedIdea
    hidden: Page  # of Submission


@dataclass(frozen=True)
class QueuePages:
    """The page asked for of each of the queue's three lists."""

    pending: int = 1
    flagged: int = 1
    hidden: int = 1


def queue(session: Session, consultation_id: int | None = None,
          pages: QueuePages = QueuePages()) -> Queue:
    """What waits for a moderator: pending ideas, flagged ideas, and hidden ideas to restore,
    MODERATION_PAGE of each per page, with their totals. A fixed number of queries, however
    many ideas wait; the flags still open are read whole (residents' reports: few)."""

    def in_scope(query):
        if consultation_id is None:
            return query
        return query.where(Submission.consultation_id == consultation_id)

    def ideas(status: SubmissionStatus, order, number: int) -> Page:
        query = in_scope(select(Submission).where(Submission.status == status))
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        items = session.scalars(query.options(selectinload(Submission.consultation))
                                .order_by(order, Submission.id).limit(MODERATION_PAGE)
                                .offset((number - 1) * MODERATION_PAGE))
        return Page(list(items), total, number, MODERATION_PAGE)

    return Queue(ideas(SubmissionStatus.PENDING, Submission.created_at, pages.pending),
                 _flagged(session, in_scope, pages.flagged),
                 ideas(SubmissionStatus.HIDDEN, Submission.created_at.desc(), pages.hidden))


def _flagged(session: Session, in_scope, number: int) -> Page:
    """Published ideas with open flags, the most reported first."""
    waiting = open_flags(session)
    if not waiting:
        return Page([], 0, number, MODERATION_PAGE)
    in_consultation = set(session.scalars(in_scope(
        select(Submission.id).where(Submission.id.in_(waiting)))))
    ranked = sorted(in_consultation, key=lambda idea_id: (-len(waiting[idea_id]), idea_id))
    shown = ranked[(number - 1) * MODERATION_PAGE:number * MODERATION_PAGE]
    found = {idea.id: idea for idea in session.scalars(
        select(Submission).where(Submission.id.in_(shown))
        .options(selectinload(Submission.consultation)))}
    items = [FlaggedIdea(found[idea_id], waiting[idea_id],
                         dict(Counter(flag.reason for flag in waiting[idea_id])))
             for idea_id in shown]
    return Page(items, len(ranked), number, MODERATION_PAGE)


def counts_by_consultation(session: Session) -> dict[int, tuple[int, int]]:
    """(pending ideas, ideas with open flags) per consultation id."""
    pending = dict(session.execute(
        select(Submission.consultation_id, func.count(Submission.id))
        .where(Submission.status == SubmissionStatus.PENDING)
        .group_by(Submission.consultation_id)
    ).all())
    flagged: dict[int, int] = defaultdict(int)
    waiting = open_flags(session)
    if waiting:
        for consultation_id in session.scalars(
            select(Submission.consultation_id).where(Submission.id.in_(waiting))
        ):
            flagged[consultation_id] += 1
    return {cid: (pending.get(cid, 0), flagged.get(cid, 0)) for cid in {*pending, *flagged}}


@dataclass
class ConsultationOverview:
    consultation: Consultation
    ideas: int
    pending: int
    flagged: int


def consultations_overview(session: Session) -> list[ConsultationOverview]:
    """Every consultation, newest first, with its ideas and what waits for moderation."""
    ideas = dict(session.execute(
        select(Submission.consultation_id, func.count(Submission.id))
        .group_by(Submission.consultation_id)
    ).all())
    waiting = counts_by_consultation(session)
    consultations = session.scalars(
        select(Consultation).order_by(Consultation.created_at.desc(), Consultation.id.desc())
    )
    return [
        ConsultationOverview(c, ideas.get(c.id, 0), *waiting.get(c.id, (0, 0)))
        for c in consultations
    ]
