"""A resident's own data: everything we hold, as JSON written as it is read, and erasing the
account."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from consult.accounts import security as account_security
from consult.accounts.models import AccountSession
from consult.core import events
from consult.core.user import User
from consult.ideas.listing import Page
from consult.ideas.models import Flag, Submission, Support
from consult.record.batches import BATCH, pages


def _idea(submission: Submission) -> dict:
    return {
        "id": submission.id,
        "consultation": submission.consultation.title,
        "question": submission.question.text if submission.question else None,
        "title": submission.title,
        "text": submission.text,
        "language": submission.language,
        "area": submission.area,
        "channel": submission.channel.value,
        "status": submission.status.value,
        "moderation_reason": submission.moderation_reason,
        "supporters": submission.support_count,
        "contact_email": submission.contact_email,
        "received_at": submission.received_at.isoformat(),
    }


MY_IDEAS_PAGE = 20


def ideas_of(session: Session, user: User, number: int = 1) -> Page:
    """Page `number` of the ideas `user` wrote, newest first."""
    mine = select(Submission).where(Submission.author_id == user.id)
    total = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    number = min(number, max(1, -(-total // MY_IDEAS_PAGE)))
    items = list(session.scalars(mine.options(selectinload(Submission.consultation))
                                 .order_by(Submission.id.desc())
                                 .offset((number - 1) * MY_IDEAS_PAGE).limit(MY_IDEAS_PAGE)))
    return Page(items, total, number, MY_IDEAS_PAGE)


def export_account(session: Session, user: User, size: int = BATCH) -> dict:
    """Everything stored about `user`, for the right of access. Ideas, supports and flags,
    which have no limit, are generators read `size` rows at a time as the download is
    written (consult.record.writers.json_document)."""
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "locale": user.locale,
            "roles": sorted(role.name for role in user.roles),
            "created_at": user.created_at.isoformat(),
            "two_step_sign_in": user.tf_primary_method is not None,
        },
        "ideas": _ideas(session, user, size),
        "supported_ideas": _supported(session, user, size),
        "flags": _flags(session, user, size),
        "sessions": [_session(s) for s in account_security.sessions_of(session, user)],
    }


def _ideas(session: Session, user: User, size: int) -> Iterator[dict]:
    """The ideas `user` wrote, newest first."""
    statement = select(Submission.id, Submission).where(Submission.author_id == user.id).options(
        joinedload(Submission.consultation), joinedload(Submission.question))
    for page in pages(session, statement, Submission.id, size, descending=True):
        for _, submission in page:
            yield _idea(submission)


def _supported(session: Session, user: User, size: int) -> Iterator[int]:
    statement = select(Support.id, Support.submission_id).where(Support.user_id == user.id)
    for page in pages(session, statement, Support.id, size):
        for _, submission_id in page:
            yield submission_id


def _flags(session: Session, user: User, size: int) -> Iterator[dict]:
    statement = select(Flag.id, Flag.submission_id, Flag.reason, Flag.note).where(
        Flag.user_id == user.id)
    for page in pages(session, statement, Flag.id, size):
        for _, submission_id, reason, note in page:
            yield {"idea": submission_id, "reason": reason.value, "note": note}


def _session(account_session: AccountSession) -> dict:
    return {
        "browser": account_session.browser,
        "system": account_session.system,
        "signed_in_at": account_session.signed_in_at.isoformat(),
        "last_seen_at": account_session.last_seen_at.isoformat(),
    }


def export_idea(submission: Submission) -> dict:
    """One idea's data, for whoever holds its private tracking link."""
    return {"ideas": [_idea(submission)]}


def erase_account(session: Session, user: User) -> None:
    """Remove the personal data of an account; its ideas stay, anonymous.

    The row itself stays (emptied) so the event log, which names actors by id, stays
    verifiable.
    """
    session.execute(
        update(Submission).where(Submission.author_id == user.id)
        .values(author_id=None, contact_email=None)
    )
    # Supports keep counting, without pointing at a person.
    for support in session.scalars(select(Support).where(Support.user_id == user.id)):
        support.supporter_key = uuid.uuid4().hex
        support.user_id = None
    user.email = f"erased-{user.id}@invalid"
    user.display_name = None
    user.password = None
    user.active = False
    user.us_totp_secrets = None
    user.us_phone_number = None
    user.tf_primary_method = user.tf_totp_secret = user.tf_totp_last_counter = None
    user.mf_recovery_codes = None
    user.fs_uniquifier = uuid.uuid4().hex
    user.roles = []
    account_security.end_all_sessions(session, user)
    events.record(session, None, "user.erased", user, {})
