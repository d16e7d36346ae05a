"""Which consultation a text message goes to: the one its first word names as a keyword
("PARK my idea…"), else the one of the number it was sent to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.ideas.channels.codes import normalise_number
from consult.ideas.channels.models import ChannelRoute, Gateway

MAX_KEYWORD = 20


@dataclass(frozen=True)
class Destination:
    """Where a message goes: its consultation (None: no route matches) and its text without
    the keyword that chose it."""

    consultation: Consultation | None
    text: str


def normalise_keyword(word: str) -> str:
    return word.strip().upper()


def _split_first_word(text: str) -> tuple[str, str]:
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def destination(session: Session, gateway: Gateway, to: str, text: str) -> Destination:
    """The consultation of a message sent to number `to` through `gateway`. A keyword route
    for this number (or for any number) wins over the number's own route; the keyword is
    then taken off the text."""
    number = normalise_number(to)
    routes = session.scalars(select(ChannelRoute).where(
        ChannelRoute.gateway_id == gateway.id,
        ChannelRoute.number.in_([number, ""])).order_by(ChannelRoute.id)).all()
    first, rest = _split_first_word(text)
    keyword = normalise_keyword(first.rstrip(":,.!"))
    by_keyword = [r for r in routes if r.keyword and r.keyword == keyword]
    if by_keyword:
        chosen = min(by_keyword, key=lambda r: r.number == "")  # this number's first
        return Destination(chosen.consultation, rest.strip())
    by_number = [r for r in routes if not r.keyword and r.number == number and number]
    by_number = by_number or [r for r in routes if not r.keyword and not r.number]
    if by_number:
        return Destination(by_number[0].consultation, text.strip())
    return Destination(None, text.strip())
