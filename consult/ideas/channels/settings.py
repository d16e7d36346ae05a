"""An organisation's text-message channels as its administrators set them up: gateways, the
numbers and keywords that lead to consultations, and the messages held for the team.

Every change is an event; no secret, number or message text is ever in its payload.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError
from consult.core.user import User
from consult.ideas.channels.codes import normalise_number
from consult.ideas.channels.keywords import is_reserved
from consult.ideas.channels.models import (
    GATEWAY_CHANNELS,
    ChannelMessage,
    ChannelRoute,
    Gateway,
    GatewayKind,
    MessageKind,
)
from consult.ideas.channels.routing import normalise_keyword
from consult.ideas.listing import Page
from consult.ideas.models import Channel, Submission
from consult.ideas.submitting import IdeaInput, submit_idea

MIN_SECRET = 16
KEYWORD = re.compile(r"^\w{1,20}$")
ACCOUNT_SID = re.compile(r"^[A-Za-z0-9]{10,64}$")
HELD_PER_PAGE = 20


class SettingError(ConsultError):
    """A refused setting; `field` names the form field at fault."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class GatewayInput:
    name: str
    kind: str
    channel: str
    secret: str = ""  # "" keeps the secret saved
    account_sid: str = ""
    sender: str = ""
    outbound_url: str = ""


def _checked_url(url: str) -> str:
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        raise SettingError(_l("Give the address in full, starting with https://."),
                           "outbound_url")
    return url


def _checked(data: GatewayInput, gateway: Gateway | None) -> tuple[GatewayKind, Channel]:
    try:
        kind, channel = GatewayKind(data.kind), Channel(data.channel)
    except ValueError:
        raise SettingError(_l("Choose a kind of gateway and its messages from the lists.")
                           ) from None
    if channel not in GATEWAY_CHANNELS:
        raise SettingError(_l("Choose SMS or WhatsApp."), "channel")
    if not data.secret and gateway is None:
        raise SettingError(_l("Give the secret the gateway signs its messages with."), "secret")
    if data.secret and len(data.secret) < MIN_SECRET:
        raise SettingError(_l("The secret must have at least %(n)s characters.", n=MIN_SECRET),
                           "secret")
    if data.account_sid and not ACCOUNT_SID.match(data.account_sid):
        raise SettingError(_l("A Twilio account SID has letters and digits only, like "
                              "AC0123…"), "account_sid")
    if data.sender and not normalise_number(data.sender):
        raise SettingError(_l("Give the number with its country code, like +15550100."),
                           "sender")
    _checked_url(data.outbound_url)
    return kind, channel


def save_gateway(session: Session, actor: User, data: GatewayInput,
                 gateway: Gateway | None = None) -> Gateway:
    """Add a gateway, or change one (an empty secret keeps the one saved)."""
    kind, channel = _checked(data, gateway)
    if gateway is None:
        gateway = Gateway()
        session.add(gateway)
    gateway.name, gateway.kind, gateway.channel = data.name.strip()[:100], kind, channel
    gateway.secret = data.secret or gateway.secret
    gateway.account_sid, gateway.outbound_url = data.account_sid, data.outbound_url
    gateway.sender = normalise_number(data.sender) if data.sender else ""
    session.flush()
    events.record(session, actor, "channel_gateway.saved", gateway,
                  {"kind": kind.value, "channel": channel.value})
    return gateway


def remove_gateway(session: Session, actor: User, gateway: Gateway) -> None:
    """Remove a gateway no message came through, with its routes. One that brought messages
    stays in the record: their rows name it."""
    if session.scalar(select(ChannelMessage.id).where(ChannelMessage.gateway_id == gateway.id)
                      .limit(1)) is not None:
        raise Conflict(_l("Messages came through this gateway: it stays in the record. Remove "
                          "its numbers and keywords instead, so that it leads nowhere."))
    events.record(session, actor, "channel_gateway.removed", gateway, {})
    session.delete(gateway)
    session.flush()


def add_route(session: Session, actor: User, gateway: Gateway, number: str, keyword: str,
              consultation: Consultation) -> ChannelRoute:
    """Lead the messages sent to `number` (any, when "") and starting with `keyword` (any,
    when "") through `gateway` to `consultation`."""
    normalised = normalise_number(number) if number else ""
    if number and not normalised:
        raise SettingError(_l("Give the number with its country code, like +15550100."),
                           "number")
    keyword = normalise_keyword(keyword)
    if keyword and not KEYWORD.match(keyword):
        raise SettingError(_l("A keyword is one word of letters and digits, at most 20."),
                           "keyword")
    if keyword and is_reserved(keyword):
        raise SettingError(_l("STOP, YES and their translations are the service's own words: "
                              "choose another keyword."), "keyword")
    if session.scalar(select(ChannelRoute.id).where(
            ChannelRoute.gateway_id == gateway.id, ChannelRoute.number == normalised,
            ChannelRoute.keyword == keyword)) is not None:
        raise Conflict(_l("This number and keyword already lead to a consultation: remove "
                          "that one first."))
    route = ChannelRoute(gateway_id=gateway.id, number=normalised, keyword=keyword,
                         consultation_id=consultation.id)
    session.add(route)
    session.flush()
    events.record(session, actor, "channel_route.added", route,
                  {"gateway": gateway.id, "consultation": consultation.id})
    return route


def remove_route(session: Session, actor: User, route: ChannelRoute) -> None:
    events.record(session, actor, "channel_route.removed", route,
                  {"gateway": route.gateway_id, "consultation": route.consultation_id})
    session.delete(route)
    session.flush()


def held_messages(session: Session, page: int = 1) -> Page:
    """The messages held for the team that nobody has handled yet, newest first."""
    waiting = (ChannelMessage.kind == MessageKind.HELD, ChannelMessage.handled_at.is_(None))
    total = session.scalar(select(func.count(ChannelMessage.id)).where(*waiting)) or 0
    pages = max(1, -(-total // HELD_PER_PAGE))
    page = min(max(page, 1), pages)
    items = list(session.scalars(select(ChannelMessage).where(*waiting)
                                 .options(selectinload(ChannelMessage.gateway),
                                          selectinload(ChannelMessage.consultation))
                                 .order_by(ChannelMessage.received_at.desc(),
                                           ChannelMessage.id.desc())
                                 .offset((page - 1) * HELD_PER_PAGE).limit(HELD_PER_PAGE)))
    return Page(items=items, total=total, page=page, per_page=HELD_PER_PAGE)


def _waiting(message: ChannelMessage) -> None:
    if message.kind is not MessageKind.HELD or message.handled_at is not None:
        raise Conflict(_l("This message was already handled."))


def enter_held(session: Session, actor: User, message: ChannelMessage,
               consultation: Consultation) -> Submission:
    """Enter a held message as an idea of `consultation`, on the sender's behalf (a closed
    consultation takes it, as it takes ideas collected on paper). Its text then lives in the
    idea alone."""
    _waiting(message)
    submission = submit_idea(session, None, consultation, IdeaInput(
        text=message.text or "", channel=message.gateway.channel,
        received_at=message.received_at), entered_by=actor)
    message.submission_id, message.consultation_id = submission.id, consultation.id
    message.handled_at, message.handled_by_id, message.text = utcnow(), actor.id, None
    events.record(session, actor, "channel_message.entered", message,
                  {"submission": submission.id})
    return submission


def set_aside(session: Session, actor: User, message: ChannelMessage) -> None:
    """Mark a held message handled without making it an idea; it stays in the record."""
    _waiting(message)
    message.handled_at, message.handled_by_id = utcnow(), actor.id
    events.record(session, actor, "channel_message.set_aside", message, {})
