"""The append-only, hash-chained event log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.base import Base, utcnow
from consult.core.scoping import OrganisationScoped


class Event(OrganisationScoped, Base):
    """One state change. `hash` covers this row's content and the previous row's hash."""

    __tablename__ = "event"
    # One chain per organisation: two of its rows can never claim the same predecessor, so
    # the chain cannot fork.
    __table_args__ = (Index("ix_event_object", "object_type", "object_id"),
                      UniqueConstraint("organisation_id", "prev_hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
