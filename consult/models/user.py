"""Accounts and roles (Flask-Security-Too's user and role models)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_security import RoleMixin, UserMixin
from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.models.base import Base, utcnow


class RoleName(StrEnum):
    RESIDENT = "resident"
    FACILITATOR = "facilitator"
    OFFICIAL = "official"
    MONITOR = "monitor"
    ADMIN = "admin"


roles_users = Table(
    "roles_users",
    Base.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


class Role(Base, RoleMixin):
    """A named role; what each role may do is declared in `consult.permissions`."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    description: Mapped[str | None] = mapped_column(String(255))


class User(Base, UserMixin):
    """An account. Residents may take part without one."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    fs_uniquifier: Mapped[str] = mapped_column(String(64), unique=True)
    confirmed_at: Mapped[datetime | None]
    display_name: Mapped[str | None] = mapped_column(String(120))
    locale: Mapped[str | None] = mapped_column(String(10))
    # Unified sign-in (one-time codes by email) keeps its secrets here.
    us_totp_secrets: Mapped[str | None] = mapped_column(Text)
    us_phone_number: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    roles: Mapped[list[Role]] = relationship(
        secondary=roles_users, backref="users", lazy="selectin"
    )

    def has_any_role(self, *names: str) -> bool:
        return any(role.name in names for role in self.roles)
