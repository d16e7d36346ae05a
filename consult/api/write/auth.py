"""Who is writing: the account of the bearer token, if it may.

`Authorization: Bearer consult_…`. No token, a forged or revoked one, or one of an account
turned off or of another organisation: 401. A read-only token, or an account without the
permission the write needs: 403. The API never reads a session cookie, so a signed-in
browser cannot be made to write (no CSRF to guard against).
"""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l

from consult.accounts import api_tokens
from consult.accounts.token_model import TokenScope
from consult.api.errors import ApiError
from consult.core.permissions import can
from consult.core.user import User
from consult.extensions import db


def token_actor(permission: str) -> User:
    """The account the request's token acts for, checked for writing with ``permission``."""
    scheme, _, text = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not text.strip():
        raise ApiError("unauthorized", _l("Send a personal access token: Authorization: "
                                          "Bearer followed by the token."), 401)
    token = api_tokens.authenticate(db.session, text.strip())
    if token is None:
        raise ApiError("unauthorized", _l("This token is not valid: it was revoked, mistyped, "
                                          "or is of another site."), 401)
    if token.scope is not TokenScope.WRITE:
        raise ApiError("forbidden", _l("This token may only read. Create one that may write "
                                       "on your account's page."), 403)
    if not can(token.user, permission):
        raise ApiError("forbidden", _l("Your account's roles do not allow this."), 403)
    return token.user
