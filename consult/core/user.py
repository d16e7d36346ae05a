"""Accounts and roles (Flask-Security-Too's user and role models)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_security import RoleMixin, UserMixin
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, utcnow
from consult.core.scoping import OrganisationScoped


class RoleName(StrEnum):
    RESIDENT = "resident"
    FACILITATOR = "facilitator"
    OFFICIAL = "official"
    MONITOR = "monitor"
    ADMIN = "admin"


# Accounts that change what residents see or read unpublished work: they must sign in with a
# second factor, and their sessions end after a while without activity.
STAFF_ROLES = frozenset({RoleName.FACILITATOR, RoleName.OFFICIAL, RoleName.MONITOR,
                         RoleName.ADMIN})


roles_users = Table(
    "roles_users",
    Base.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


class Role(Base, RoleMixin):
    """A named role; what each role may do is declared in `consult.core.permissions`."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    description: Mapped[str | None] = mapped_column(String(255))


class User(OrganisationScoped, Base, UserMixin):
    """An account. Residents may take part without one."""

    __tablename__ = "user"
    # Accounts are an organisation's own: the same address may have one on each site.
    __table_args__ = (UniqueConstraint("organisation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))
    password: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    fs_uniquifier: Mapped[str] = mapped_column(String(64), unique=True)
    confirmed_at: Mapped[datetime | None]
    display_name: Mapped[str | None] = mapped_column(String(120))
    locale: Mapped[str | None] = mapped_column(String(10))
    # Unified sign-in (one-time codes by email) keeps its secrets here.
    us_totp_secrets: Mapped[str | None] = mapped_column(Text)
    us_phone_number: Mapped[str | None] = mapped_column(String(128), unique=True)
    # Two-factor sign-in with an authenticator app: the secret (encrypted by Flask-Security),
    # the last time step accepted (a code is never accepted twice) and the recovery codes
    # (encrypted; None until first generated, [] once all are used).
    tf_primary_method: Mapped[str | None] = mapped_column(String(64))
    tf_totp_secret: Mapped[str | None] = mapped_column(String(255))
    tf_totp_last_counter: Mapped[int | None]
    mf_recovery_codes: Mapped[list[str] | None] = mapped_column(MutableList.as_mutable(JSON()))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The day a staff member last got the staff digest (consult.accounts.staff_digest).
    staff_digest_on: Mapped[date | None]

    roles: Mapped[list[Role]] = relationship(
        secondary=roles_users, backref="users", lazy="selectin"
    )

    # Codes by SMS are not offered; Flask-Security still clears this when 2FA is reset.
    tf_phone_number = None

    def has_any_role(self, *names: str) -> bool:
        return any(role.name in names for role in self.roles)

    @property
    def is_staff(self) -> bool:
        return self.has_any_role(*STAFF_ROLES)

    def check_tf_required(self, tf_setup_methods: list, tf_fresh: bool) -> tuple[bool, list]:
        """Flask-Security's hook: staff always give a second factor; residents once they
        have set one up."""
        if self.is_staff:
            return True, tf_setup_methods
        return super().check_tf_required(tf_setup_methods, tf_fresh)

    def check_tf_required_setup(self) -> bool:
        """Staff are not offered to turn two-factor sign-in off."""
        return self.is_staff


labels.register({
    RoleName.RESIDENT: _l("Resident"),
    RoleName.FACILITATOR: _l("Facilitator"),
    RoleName.OFFICIAL: _l("Official"),
    RoleName.MONITOR: _l("Monitor"),
    RoleName.ADMIN: _l("Administrator"),
})
