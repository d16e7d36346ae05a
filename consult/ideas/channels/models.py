"""The tables of the text-message channels: the gateways an organisation connects, which
consultation each number or keyword leads to, every message received, and the numbers of the
residents who asked for news.

A sender's phone number is personal data. Messages carry only a keyed hash of it (enough to
count one sender's messages); the number itself is kept in `channel_contact` alone, and only
once its owner replied YES to get news. STOP deletes that row.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, utcnow
from consult.core.scoping import OrganisationScoped
from consult.ideas.models import Channel

# The channels a gateway may carry; the ideas it brings are of its channel.
GATEWAY_CHANNELS = (Channel.SMS, Channel.WHATSAPP)


class GatewayKind(StrEnum):
    """How a gateway signs what it posts, and how it is answered."""

    TWILIO = "twilio"  # X-Twilio-Signature over the URL and the form; TwiML replies
    HMAC = "hmac"  # X-Consult-Signature over the raw JSON body; JSON replies


class MessageKind(StrEnum):
    """What became of a message received."""

    IDEA = "idea"  # stored as an idea
    HELD = "held"  # kept for the team: it could not become an idea by itself
    STATUS = "status"  # a tracking code texted back
    OPT_IN = "opt_in"  # YES: news of the sender's ideas by text message
    STOP = "stop"  # STOP: the number is forgotten
    REFUSED = "refused"  # too short to be an idea: the reply said so


class HeldReason(StrEnum):
    CLOSED = "closed"  # the consultation takes no new ideas
    UNMAPPED = "unmapped"  # no consultation for this number or keyword
    SENDER_LIMIT = "sender_limit"  # more messages than a sender may send in a day
    TOO_LONG = "too_long"  # longer than an idea may be
    REFUSED = "refused"  # the consultation refused it (signed-in residents only…)


class Gateway(OrganisationScoped, Base):
    """An SMS or WhatsApp gateway account that posts the messages it receives to
    /channels/<id>/inbound, signed with `secret`."""

    __tablename__ = "channel_gateway"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[GatewayKind] = mapped_column(enum_column_type(GatewayKind))
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel), default=Channel.SMS)
    # Twilio's auth token, or the generic gateway's shared key: never shown again once saved.
    secret: Mapped[str] = mapped_column(String(200))
    account_sid: Mapped[str] = mapped_column(String(64), default="")  # Twilio's, for sending
    sender: Mapped[str] = mapped_column(String(32), default="")  # the number news are sent from
    outbound_url: Mapped[str] = mapped_column(String(500), default="")  # generic: where to send
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    routes: Mapped[list[ChannelRoute]] = relationship(
        back_populates="gateway", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ChannelRoute.id")

    @property
    def can_send(self) -> bool:
        """Whether news can be sent through it (a reply in the webhook's answer always can)."""
        if self.kind is GatewayKind.TWILIO:
            return bool(self.account_sid and self.sender)
        return bool(self.outbound_url)


class ChannelRoute(OrganisationScoped, Base):
    """Which consultation a message goes to: one received on `number`, or starting with
    `keyword` ("PARK my idea…"), or both; "" matches any."""

    __tablename__ = "channel_route"
    __table_args__ = (UniqueConstraint("gateway_id", "number", "keyword"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gateway_id: Mapped[int] = mapped_column(
        ForeignKey("channel_gateway.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32), default="")
    keyword: Mapped[str] = mapped_column(String(20), default="")
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    gateway: Mapped[Gateway] = relationship(back_populates="routes")
    consultation = relationship("Consultation")


class ChannelMessage(OrganisationScoped, Base):
    """One message a gateway posted, received once: its reply is kept, so that a gateway
    posting it again gets the same answer and nothing is stored twice."""

    __tablename__ = "channel_message"
    __table_args__ = (
        UniqueConstraint("gateway_id", "external_id"),
        UniqueConstraint("organisation_id", "tracking_code"),
        # One sender's messages of the last day, counted for the limits.
        Index("ix_channel_message_sender", "sender_hash", "received_at"),
        Index("ix_channel_message_held", "organisation_id", "kind", "handled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gateway_id: Mapped[int] = mapped_column(
        ForeignKey("channel_gateway.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(64))  # the gateway's id (MessageSid…)
    sender_hash: Mapped[str] = mapped_column(String(64))  # keyed hash: never the number
    kind: Mapped[MessageKind] = mapped_column(enum_column_type(MessageKind))
    held_reason: Mapped[HeldReason | None] = mapped_column(enum_column_type(HeldReason))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL"), index=True)
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="SET NULL"), index=True)
    # The code the sender texts back to follow the idea (consult.ideas.channels.codes).
    tracking_code: Mapped[str | None] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(10), default="en")
    text: Mapped[str | None] = mapped_column(Text)  # kept only while held for the team
    reply: Mapped[str] = mapped_column(Text, default="")  # "" when none was sent
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None]  # a held message entered as an idea or set aside
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    gateway: Mapped[Gateway] = relationship()
    consultation = relationship("Consultation")
    submission = relationship("Submission")


class ChannelContact(OrganisationScoped, Base):
    """A number kept to send news by text message, because its owner replied YES. The only
    place a number is kept; STOP deletes the row."""

    __tablename__ = "channel_contact"
    __table_args__ = (UniqueConstraint("organisation_id", "sender_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gateway_id: Mapped[int] = mapped_column(
        ForeignKey("channel_gateway.id", ondelete="CASCADE"), index=True)
    sender_hash: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(10), default="en")
    opted_in_at: Mapped[datetime] = mapped_column(default=utcnow)

    gateway: Mapped[Gateway] = relationship()


class ChannelNews(OrganisationScoped, Base):
    """News sent to a contact about one idea, once per event: a job run again sends only
    what it had not sent."""

    __tablename__ = "channel_news"
    __table_args__ = (UniqueConstraint("contact_id", "submission_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("channel_contact.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


labels.register({
    GatewayKind.TWILIO: _l("Twilio"),
    GatewayKind.HMAC: _l("Other gateway (signed JSON)"),
    HeldReason.CLOSED: _l("The consultation is closed"),
    HeldReason.UNMAPPED: _l("No consultation for this number or keyword"),
    HeldReason.SENDER_LIMIT: _l("Over the day's limit for one sender"),
    HeldReason.TOO_LONG: _l("Too long for one idea"),
    HeldReason.REFUSED: _l("Refused by the consultation"),
})
