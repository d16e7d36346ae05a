"""Who may do what: declared once here, used by views (`permission_required`) and
templates (`can(...)`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from consult.core.user import RoleName

R = RoleName
# permission -> roles that hold it. Admins hold every permission.
PERMISSIONS: dict[str, frozenset[RoleName]] = {
    "consultation.manage": frozenset({R.FACILITATOR}),
    "submission.enter_on_behalf": frozenset({R.FACILITATOR}),
    "submission.moderate": frozenset({R.FACILITATOR}),
    "theme.curate": frozenset({R.FACILITATOR}),
    "commitment.draft": frozenset({R.FACILITATOR}),
    # Setting up a citizens' assembly, drawing it, running its rounds.
    "assembly.run": frozenset({R.FACILITATOR}),
    "response.write": frozenset({R.OFFICIAL}),
    "commitment.adopt": frozenset({R.OFFICIAL}),
    "audit.read": frozenset({R.MONITOR, R.OFFICIAL, R.FACILITATOR}),
    # Unpublished plans, commitments, answers and assemblies, read-only.
    "drafts.read": frozenset({R.MONITOR, R.OFFICIAL, R.FACILITATOR}),
    "assessment.publish": frozenset({R.MONITOR}),
    "users.manage": frozenset(),
    # The organisation's settings, its team, the installation's health: administrators only.
    "organisation.manage": frozenset(),
}


def can(user: Any, permission: str) -> bool:
    """True when `user` (possibly anonymous) holds `permission`."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    roles = {role.name for role in user.roles}
    return RoleName.ADMIN in roles or bool(roles & PERMISSIONS[permission])


def permission_required(permission: str) -> Callable:
    """View decorator: sign-in page for visitors, 403 for accounts without the permission."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                abort(401)
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
