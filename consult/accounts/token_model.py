"""Personal access tokens: a staff member's key to the API, shown once and kept hashed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.base import Base, enum_column_type, utcnow
from consult.core.user import User


class TokenScope(StrEnum):
    READ = "read"  # what the account may read, as on its pages
    WRITE = "write"  # and the API's writes its roles allow


class ApiToken(Base):
    """The token itself is never stored: only its SHA-256 (it is 256 random bits, so a plain
    hash is enough) and its first characters, to recognise it in the list."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    scope: Mapped[TokenScope] = mapped_column(enum_column_type(TokenScope))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
