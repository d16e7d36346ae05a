"""Cost control: how many messages one sender may send a day, and how many text messages an
organisation sends a day (each reply and each piece of news is paid for).

Counted over the last 24 hours from the messages table, so the limits hold across processes
and restarts with no store of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.ideas.channels.models import ChannelMessage, ChannelNews, HeldReason

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Limits:
    """`per_sender`: messages one sender may send in a day before the next are held without
    becoming ideas; `per_organisation`: text messages (replies and news) the organisation
    sends in a day, beyond which it stays silent."""

    per_sender: int
    per_organisation: int


def sent_by(session: Session, sender_hash: str, now: datetime) -> int:
    """Messages this sender sent in the last day."""
    return session.scalar(select(func.count(ChannelMessage.id)).where(
        ChannelMessage.sender_hash == sender_hash,
        ChannelMessage.received_at > now - DAY)) or 0


def told_of_limit(session: Session, sender_hash: str, now: datetime) -> bool:
    """Whether this sender was already told today that they reached the limit (they are told
    once: each reply costs)."""
    return session.scalar(select(ChannelMessage.id).where(
        ChannelMessage.sender_hash == sender_hash,
        ChannelMessage.held_reason == HeldReason.SENDER_LIMIT, ChannelMessage.reply != "",
        ChannelMessage.received_at > now - DAY).limit(1)) is not None


def sent_today(session: Session, organisation_id: int, now: datetime) -> int:
    """Text messages the organisation sent in the last day (named: a job acts for none)."""
    replies = session.scalar(select(func.count(ChannelMessage.id)).where(
        ChannelMessage.organisation_id == organisation_id, ChannelMessage.reply != "",
        ChannelMessage.received_at > now - DAY)) or 0
    news = session.scalar(select(func.count(ChannelNews.id)).where(
        ChannelNews.organisation_id == organisation_id, ChannelNews.sent_at > now - DAY)) or 0
    return replies + news


def may_send(session: Session, organisation_id: int, limits: Limits, now: datetime) -> bool:
    """Whether the organisation may send one more text message today."""
    return sent_today(session, organisation_id, now) < limits.per_organisation
