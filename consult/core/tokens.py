"""Signed tokens: private tracking links for ideas, anonymous supporters' browser keys,
assembly members' invitation links, the one-click unsubscribe links of residents' mail and
the links that confirm or stop following a consultation or a commitment."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

TRACKING_SALT = "consult.submission-tracking"
SUPPORTER_SALT = "consult.supporter"
INVITATION_SALT = "consult.assembly-invitation"
UNSUBSCRIBE_SALT = "consult.mail-unsubscribe"
FOLLOW_SALTS = {"confirm": "consult.follow-confirm", "stop": "consult.follow-stop"}


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def tracking_token(submission_id: int, nonce: str) -> str:
    """A link token that lets whoever holds it follow one idea."""
    return _serializer(TRACKING_SALT).dumps([submission_id, nonce])


def read_tracking_token(token: str) -> tuple[int, str] | None:
    """(submission id, nonce) from a genuine token; None when tampered with."""
    try:
        submission_id, nonce = _serializer(TRACKING_SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(submission_id, int) or not isinstance(nonce, str):
        return None
    return submission_id, nonce


def new_supporter_token() -> str:
    return _serializer(SUPPORTER_SALT).dumps(secrets.token_hex(16))


def supporter_key(token: str | None) -> str | None:
    """The stored key of an anonymous supporter (a hash: the token itself is never kept)."""
    if not token:
        return None
    try:
        raw = _serializer(SUPPORTER_SALT).loads(token)
    except BadSignature:
        return None
    return hashlib.sha256(str(raw).encode()).hexdigest()


class InvitationExpired(Exception):
    """A genuine invitation link, past its time."""


def invitation_token(volunteer_id: int, nonce: str) -> str:
    """A personal link that lets an assembly member take part without a password."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT).dumps(
        [volunteer_id, nonce])


def read_invitation_token(token: str) -> tuple[int, str] | None:
    """(volunteer id, nonce) from a genuine, current token; None when forged.
    Raises InvitationExpired when the link is older than ASSEMBLY_INVITATION_DAYS."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT)
    max_age = current_app.config["ASSEMBLY_INVITATION_DAYS"] * 86400
    try:
        volunteer_id, nonce = serializer.loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvitationExpired from None
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(volunteer_id, int) or not isinstance(nonce, str):
        return None
    return volunteer_id, nonce


def unsubscribe_token(email: str) -> str:
    """The token of an address's one-click unsubscribe link. It never expires: a link in an
    old mail must still work."""
    return _serializer(UNSUBSCRIBE_SALT).dumps(email.strip().lower())


def read_unsubscribe_token(token: str) -> str | None:
    """The address a genuine unsubscribe token stands for; None when forged or tampered with."""
    try:
        email = _serializer(UNSUBSCRIBE_SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(email, str) or "@" not in email:
        return None
    return email


def follow_token(purpose: str, organisation_id: int, follow_id: int, nonce: str) -> str:
    """The token of a follow's link: `purpose` is "confirm" or "stop". It never expires (a
    stop link in an old digest must still work); a new nonce on the follow revokes it. It
    names the follow's organisation: another organisation's site refuses it as forged."""
    return _serializer(FOLLOW_SALTS[purpose]).dumps([organisation_id, follow_id, nonce])


def read_follow_token(purpose: str, token: str) -> tuple[int, int, str] | None:
    """(organisation id, follow id, nonce) from a genuine token for `purpose`; None when
    forged or tampered with, or made for the other purpose."""
    try:
        organisation_id, follow_id, nonce = _serializer(FOLLOW_SALTS[purpose]).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    ids = (organisation_id, follow_id)
    if not all(type(i) is int for i in ids) or not isinstance(nonce, str):
        return None
    return organisation_id, follow_id, nonce
