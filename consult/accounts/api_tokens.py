"""Creating, listing, revoking and checking personal access tokens.

A token reads ``consult_`` and 43 random characters. Only staff create them (the API's writes
are staff work); a token acts as its account, with its roles, so a role taken away or an
account turned off takes the token's rights with it. Revoking is immediate and final.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.accounts.token_model import ApiToken, TokenScope
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotAllowed, NotFound
from consult.core.user import User

PREFIX = "consult_"
MOST = 10  # live tokens per account
NAME_LENGTH = 80
TOUCH_EVERY = timedelta(minutes=5)  # last_used_at is written at most this often


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)).order_by(ApiToken.id)))


def create(session: Session, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its text, which is shown once and never again."""
    if not user.is_staff:
        raise NotAllowed(_l("Only staff accounts have API tokens."))
    name = " ".join(name.split())
    if not name or len(name) > NAME_LENGTH:
        raise ConsultError(_l("Name the token in 1 to %(n)s characters.", n=NAME_LENGTH))
    if scope not in {s.value for s in TokenScope}:
        raise ConsultError(_l("Choose what the token may do."))
    if len(tokens_of(session, user)) >= MOST:
        raise ConsultError(_l("An account has at most %(n)s tokens: revoke one first.",
                              n=MOST))
    text = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, scope=TokenScope(scope),
                     token_hash=digest(text), prefix=text[:12])
    session.add(token)
    session.flush()
    events.record(session, user, "api_token.created", user, {"token": token.id,
                                                             "scope": scope})
    return token, text


def revoke(session: Session, user: User, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound(_l("No such token, or it was revoked already."))
    token.revoked_at = utcnow()
    events.record(session, user, "api_token.revoked", user, {"token": token.id})


def authenticate(session: Session, text: str) -> ApiToken | None:
    """The live token ``text`` is, of an active account; None for a forged, revoked or
    unknown one."""
    if not text.startswith(PREFIX) or len(text) > 100:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(text)))
    # A user of another organisation than the request's is not read at all (tenancy).
    if token is None or token.revoked_at is not None or token.user is None \
            or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
    return token
