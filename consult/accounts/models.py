"""Where an account is signed in: one row per browser session, so a person can see their
sessions and end them, and staff sessions can expire after a while without activity."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.base import Base, utcnow
from consult.core.user import User


class AccountSession(Base):
    """A signed-in browser. The browser's cookie holds a random key; only its SHA-256 is
    stored, with the kind of browser and system it runs on (never an IP address)."""

    __tablename__ = "account_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # From the User-Agent, kept coarse: "Firefox", "Android"; "" when not recognised.
    browser: Mapped[str] = mapped_column(String(40))
    system: Mapped[str] = mapped_column(String(40))
    signed_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
