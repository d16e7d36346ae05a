"""Accounts and roles."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_security.utils import hash_password
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.accounts.passwords import password_problem
from consult.accounts.store import user_datastore
from consult.core import events
from consult.core.errors import Conflict, ConsultError
from consult.core.user import Role, RoleName, User


def ensure_roles(session: Session) -> dict[str, Role]:
    """Create the product's roles if missing; return them by name."""
    existing = {role.name: role for role in session.scalars(select(Role))}
    for name in RoleName:
        if name.value not in existing:
            existing[name.value] = Role(name=name.value)
            session.add(existing[name.value])
    session.flush()
    return existing


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    session: Session,
    email: str,
    password: str,
    roles: list[str],
    actor: User | None = None,
) -> User:
    """Create an active account with `roles`; refuses a taken email, or a password too short
    or on the breached-password list."""
    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ConsultError(_l("Enter a valid email address.")) from None
    if find_by_email(session, email) is not None:
        raise Conflict(_l("An account with this email address already exists."))
    problem = password_problem(password)
    if problem is not None:
        raise ConsultError(problem)
    known = ensure_roles(session)
    unknown = [name for name in roles if name not in known]
    if unknown:
        raise ConsultError(_l("Unknown role: %(role)s", role=", ".join(unknown)))
    user = user_datastore.create_user(
        email=email, password=hash_password(password), roles=[known[name] for name in roles]
    )
    events.record(session, actor, "user.created", user, {"roles": sorted(roles)})
    return user


def welcome_resident(session: Session, user: User) -> None:
    """A self-registered account is a resident."""
    resident = ensure_roles(session)[RoleName.RESIDENT.value]
    if resident not in user.roles:
        user.roles.append(resident)
    events.record(session, user, "user.registered", user, {"roles": [RoleName.RESIDENT.value]})
