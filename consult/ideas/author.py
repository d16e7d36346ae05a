"""What the author of an idea may still do with it: correct it for a while, or withdraw it.

The author is whoever holds the idea's private tracking link. Nothing is erased: a corrected
text is kept as a revision, and a withdrawn idea stays in the record, marked withdrawn by its
author, out of lists, themes and similar-idea lookups.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from consult.consultations.models import Phase
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import Conflict
from consult.ideas.models import Submission, SubmissionRevision, SubmissionStatus
from consult.ideas.submitting import check_text, embed_later

CORRECTION_WINDOW = timedelta(minutes=30)
WITHDRAWABLE = (SubmissionStatus.PENDING, SubmissionStatus.PUBLISHED)


def correction_deadline(submission: Submission) -> datetime:
    return submission.created_at + CORRECTION_WINDOW


def may_correct(submission: Submission, now: datetime | None = None) -> bool:
    """Corrections are for typos: soon after sending, while the consultation takes ideas."""
    return (submission.status in WITHDRAWABLE
            and submission.consultation.phase is Phase.OPEN
            and (now or utcnow()) < correction_deadline(submission))


def correct_idea(session: Session, submission: Submission, title: str, text: str,
                 now: datetime | None = None) -> SubmissionRevision | None:
    """Replace the idea's title and text, keeping the old ones. None: nothing changed."""
    if submission.status is SubmissionStatus.WITHDRAWN:
        raise Conflict(_l("This idea was withdrawn: it can no longer be corrected."))
    if not may_correct(submission, now):
        raise Conflict(_l("An idea can be corrected only in the first %(minutes)s minutes after "
                          "it was sent, while the consultation is open. You can withdraw it "
                          "and send a new one.",
                          minutes=int(CORRECTION_WINDOW.total_seconds() // 60)))
    text, title = check_text(text), title.strip()[:200]
    if (text, title) == (submission.text, submission.title):
        return None
    revision = SubmissionRevision(submission_id=submission.id, title=submission.title,
                                  text=submission.text)
    session.add(revision)
    submission.text, submission.title = text, title
    if submission.status is SubmissionStatus.PUBLISHED:
        embed_later(session, submission.consultation_id)
    events.record(session, None, "submission.corrected", submission, {})
    return revision


def withdraw_idea(session: Session, submission: Submission,
                  now: datetime | None = None) -> None:
    """Take the idea back: it stays, marked withdrawn by its author, out of every public list."""
    if submission.status is SubmissionStatus.WITHDRAWN:
        raise Conflict(_l("This idea was already withdrawn."))
    if submission.status not in WITHDRAWABLE:
        raise Conflict(_l("A moderator hid this idea: it cannot be withdrawn."))
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = now or utcnow()
    events.record(session, None, "submission.withdrawn", submission, {})
