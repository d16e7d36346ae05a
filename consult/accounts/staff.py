"""The organisation's team: invitations by email with a role, roles changed, accounts turned
off. Never deleted: the event log names the people who acted."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_security.utils import hash_password
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.accounts.passwords import password_problem
from consult.accounts.security import end_all_sessions
from consult.accounts.store import user_datastore
from consult.accounts.users import ensure_roles, find_by_email
from consult.core import events
from consult.core.errors import Conflict, ConsultError, NotAllowed, NotFound
from consult.core.user import STAFF_ROLES, Role, RoleName, User

INVITATION_DAYS = 7
_SALT = "staff-invitation"
LAST_ADMIN = _l("The organisation needs at least one active administrator: give someone else "
                "the administrator role first.")


class InvitationExpired(ConsultError):
    status = 410


@dataclass(frozen=True)
class StaffMember:
    user: User
    roles: list[str]
    invited: bool  # the invitation is not accepted yet


def team(session: Session) -> list[StaffMember]:
    """Every account with a staff role (active or not), and pending invitations."""
    # A condition, not a join with DISTINCT: PostgreSQL cannot compare the JSON columns of
    # a whole row.
    staff_role = User.roles.any(Role.name.in_([role.value for role in STAFF_ROLES]))
    users = session.scalars(select(User).where(staff_role).order_by(User.email)).all()
    return [StaffMember(user, sorted(role.name for role in user.roles
                                     if role.name in STAFF_ROLES), user.password is None)
            for user in users]


def invite(session: Session, actor: User, email: str, role: str) -> User:
    """An account for `email` with `role`, waiting for its owner to choose a password (or the
    role added to an existing account of this organisation)."""
    if role not in {staff.value for staff in STAFF_ROLES}:
        raise ConsultError(_l("Choose one of the staff roles."))
    known = ensure_roles(session)
    user = find_by_email(session, email)
    if user is None:
        user = user_datastore.create_user(email=email.strip().lower(), password=None,
                                          roles=[known[role]])
    elif known[role] in user.roles:
        raise Conflict(_l("%(email)s already has this role.", email=user.email))
    else:
        user.roles.append(known[role])
    events.record(session, actor, "staff.invited", user, {"role": role})
    return user


def invitation_token(secret_key: str, user: User) -> str:
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps([user.id, _state(user)])


def _state(user: User) -> str:
    # Changes once a password is chosen: a link already used no longer works.
    return hashlib.sha256((user.password or "invited").encode()).hexdigest()[:16]


def read_invitation(session: Session, secret_key: str, token: str) -> User:
    serializer = URLSafeTimedSerializer(secret_key, salt=_SALT)
    try:
        user_id, state = serializer.loads(token, max_age=INVITATION_DAYS * 86400)
    except SignatureExpired:
        raise InvitationExpired(_l("This invitation has expired. Ask an administrator for a "
                                   "new one.")) from None
    except (BadSignature, ValueError, TypeError):
        raise NotFound(_l("This invitation link is not valid. Check that it was copied whole."))\
            from None
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active:
        raise NotFound(_l("This invitation link is not valid. Check that it was copied whole."))
    if state != _state(user):
        raise Conflict(_l("This invitation was already accepted: sign in with your password."))
    return user


def accept_invitation(session: Session, user: User, password: str) -> None:
    if (problem := password_problem(password)) is not None:
        raise ConsultError(problem)
    user.password = hash_password(password)
    events.record(session, user, "staff.invitation_accepted", user, {})


def set_roles(session: Session, actor: User, user: User, roles: list[str]) -> None:
    """Give `user` exactly these staff roles (a resident's role stays)."""
    staff = {role.value for role in STAFF_ROLES}
    if any(role not in staff for role in roles):
        raise ConsultError(_l("Choose among the staff roles."))
    if RoleName.ADMIN.value not in roles:
        _keep_an_administrator(session, user)
    known = ensure_roles(session)
    user.roles = [role for role in user.roles if role.name not in staff] + [
        known[role] for role in sorted(set(roles))]
    events.record(session, actor, "staff.roles_changed", user, {"roles": sorted(set(roles))})


def set_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Turn an account off (it can no longer sign in, its sessions end) or on again."""
    if user.active == active:
        return
    if not active:
        if user.id == actor.id:
            raise NotAllowed(_l("You cannot turn off your own account."))
        _keep_an_administrator(session, user)
        end_all_sessions(session, user)
        user_datastore.set_uniquifier(user)  # any remembered sign-in stops working
    user.active = active
    events.record(session, actor, "staff.activated" if active else "staff.deactivated", user,
                  {})


def _keep_an_administrator(session: Session, leaving: User) -> None:
    if not leaving.has_any_role(RoleName.ADMIN.value):
        return
    admins = session.scalars(select(User).join(User.roles).where(
        Role.name == RoleName.ADMIN.value, User.active.is_(True), User.id != leaving.id))
    if admins.first() is None:
        raise NotAllowed(LAST_ADMIN)
