"""An address an administrator registered for some events, and each delivery to it."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.base import Base, enum_column_type, utcnow
from consult.core.scoping import OrganisationScoped


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # to be sent, or sent again at next_attempt_at
    DELIVERED = "delivered"
    FAILED = "failed"  # every attempt failed: not sent again


class Webhook(OrganisationScoped, Base):
    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Signs each delivery (HMAC-SHA256); shown to administrators so the receiver can check it.
    secret: Mapped[str] = mapped_column(String(64), default=new_secret)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]

    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="webhook", order_by="WebhookDelivery.id.desc()", lazy="dynamic")


class WebhookDelivery(OrganisationScoped, Base):
    """One event for one webhook: its body is fixed when the event happens, so a retry sends
    the same bytes with the same delivery id."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"),
                                            index=True)
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[dict] = mapped_column(JSON)
    status: Mapped[DeliveryStatus] = mapped_column(enum_column_type(DeliveryStatus),
                                                   default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    response_status: Mapped[int | None]  # the receiver's last HTTP status
    error: Mapped[str | None] = mapped_column(Text)  # why the last attempt failed
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")
