"""Account sessions and the account-security events of the event log.

A session is a row per signed-in browser; the browser keeps a random key, the row only its
hash. Ending a session deletes its row, and the browser is signed out at its next request.

Security events (signed in, signed out, two-factor set up or reset, recovery codes) are
recorded for staff accounts only: the event log is published whole (the plan's record), and
when a resident signs in is nobody else's business. Their payloads never hold an email
address, a User-Agent or an IP address.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from consult.accounts.models import AccountSession
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import NotFound
from consult.core.user import User

# Last activity is written at most this often: one write a minute per active session.
TOUCH_INTERVAL = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _record(session: Session, user: User, action: str, payload: dict | None = None) -> None:
    if user.is_staff:
        events.record(session, user, action, user, payload or {})


def start_session(session: Session, user: User, browser: str, system: str, method: str,
                  now: datetime | None = None) -> str:
    """Open a session for `user` signed in by `method` ("password", "authenticator"…);
    return the key the browser keeps."""
    now = now or utcnow()
    key = secrets.token_urlsafe(32)
    session.add(AccountSession(user_id=user.id, key_hash=_hash(key), browser=browser[:40],
                               system=system[:40], signed_in_at=now, last_seen_at=now))
    _record(session, user, "user.signed_in", {"method": method})
    session.flush()
    return key


def find_session(session: Session, key: str | None) -> AccountSession | None:
    """The session a browser's key opens, or None (ended, or never started)."""
    if not key:
        return None
    return session.scalar(select(AccountSession).where(AccountSession.key_hash == _hash(key)))


def is_current(account_session: AccountSession, key: str | None) -> bool:
    return bool(key) and account_session.key_hash == _hash(key)


def idle_for(account_session: AccountSession, now: datetime | None = None) -> timedelta:
    return (now or utcnow()) - account_session.last_seen_at


def touch(account_session: AccountSession, now: datetime | None = None) -> bool:
    """Note activity; True when the row changed (at most once per TOUCH_INTERVAL)."""
    now = now or utcnow()
    if idle_for(account_session, now) < TOUCH_INTERVAL:
        return False
    account_session.last_seen_at = now
    return True


def end_session(session: Session, account_session: AccountSession, action: str) -> None:
    """End one session: "user.signed_out" by its owner, "user.session_expired" when idle."""
    user = account_session.user
    session.delete(account_session)
    _record(session, user, action)
    session.flush()


def sessions_of(session: Session, user: User) -> list[AccountSession]:
    """The account's open sessions, the most recently active first."""
    return list(session.scalars(
        select(AccountSession).where(AccountSession.user_id == user.id)
        .order_by(AccountSession.last_seen_at.desc(), AccountSession.id.desc())
    ))


def end_other_session(session: Session, user: User, session_id: int, current_key: str) -> None:
    """Sign out one of the account's other sessions."""
    target = session.get(AccountSession, session_id)
    if target is None or target.user_id != user.id or is_current(target, current_key):
        raise NotFound(_l("This session has already ended."))
    session.delete(target)
    _record(session, user, "user.sessions_ended", {"count": 1})
    session.flush()


def end_other_sessions(session: Session, user: User, current_key: str) -> int:
    """Sign out every session of the account but the current one; return how many."""
    ended = session.execute(
        delete(AccountSession).where(AccountSession.user_id == user.id,
                                     AccountSession.key_hash != _hash(current_key))
    ).rowcount
    if ended:
        _record(session, user, "user.sessions_ended", {"count": ended})
    session.flush()
    return ended


def end_all_sessions(session: Session, user: User) -> None:
    """Forget every session of the account (when it is erased)."""
    session.execute(delete(AccountSession).where(AccountSession.user_id == user.id))


def reset_two_factor(session: Session, user: User) -> None:
    """Turn two-factor sign-in off for an account that lost its phone and its recovery codes
    (an administrator's decision); its sessions end, and a staff account sets up a new app at
    its next sign-in."""
    user.tf_primary_method = user.tf_totp_secret = user.tf_totp_last_counter = None
    user.mf_recovery_codes = None
    end_all_sessions(session, user)
    if user.is_staff:
        events.record(session, None, "user.two_factor_reset", user, {})
    session.flush()


def two_factor_enabled(session: Session, user: User) -> None:
    _record(session, user, "user.two_factor_enabled")


def two_factor_reset(session: Session, user: User) -> None:
    _record(session, user, "user.two_factor_reset")


def recovery_codes_generated(session: Session, user: User, count: int) -> None:
    _record(session, user, "user.recovery_codes_generated", {"count": count})


def recovery_code_used(session: Session, user: User, remaining: int) -> None:
    _record(session, user, "user.recovery_code_used", {"remaining": remaining})
