"""Signed tokens: private tracking links for ideas and anonymous supporters' browser keys."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

TRACKING_SALT = "consult.submission-tracking"
SUPPORTER_SALT = "consult.supporter"


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
