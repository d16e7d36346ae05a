"""What every staff view needs from the request: who is acting."""

from __future__ import annotations

from flask_login import current_user

from consult.core.user import User


def current_actor() -> User:
    """The signed-in user as a plain object, for services and relationships (the proxy
    `current_user` cannot be stored on a row)."""
    return current_user._get_current_object()
