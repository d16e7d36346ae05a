"""What becomes of each text message a gateway posts, and what is texted back.

In this order: an empty message or a picture alone gets a polite reply and nothing is stored;
a message the gateway posted before gets the reply it got then, and nothing is done twice;
STOP forgets the sender's number; beyond the day's limit for one sender, messages are held
for the team; YES keeps the number for news; a tracking code gets its idea's status; anything
else is an idea for the consultation its number or keyword leads to, or, when it cannot be
one (no such consultation, a closed one, too long), it is held for the team: nothing is lost.

The sender's number is used for its keyed hash, and kept (in `channel_contact`) only on YES.
Services flush; the webhook's view commits once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, Phase
from consult.core import events
from consult.core.errors import ConsultError
from consult.ideas.channels import replies
from consult.ideas.channels.codes import new_code, normalise_number, read_code, sender_key
from consult.ideas.channels.keywords import Command, read_command
from consult.ideas.channels.limits import Limits, may_send, sent_by, told_of_limit
from consult.ideas.channels.models import (
    ChannelContact,
    ChannelMessage,
    Gateway,
    HeldReason,
    MessageKind,
)
from consult.ideas.channels.routing import Destination, destination
from consult.ideas.languages import detect_language
from consult.ideas.submitting import MAX_LENGTH, MIN_LENGTH, IdeaInput, submit_idea

# The status of the idea a message names, in a language: drawn by a page-side module (it
# reads themes and answers, which come later in the flow), given by the webhook's view.
StatusText = Callable[[Session, ChannelMessage, str], str]


@dataclass(frozen=True)
class Inbound:
    """A message as the gateway posted it. `sender` is a phone number: personal data, never
    logged and never stored but in a contact its owner asked for."""

    external_id: str
    sender: str
    to: str
    text: str
    has_media: bool = False


@dataclass(frozen=True)
class Context:
    """What handling a message needs from the site: its key (for senders' hashes), its
    limits, the language to answer in when the message does not tell, the status of an
    idea, and the time."""

    secret_key: str
    limits: Limits
    default_language: str
    status_text: StatusText
    now: datetime


class AlreadyHandled(Exception):
    """The gateway posted this message before (a retry, or the same post twice at once):
    `reply` is the answer it got; nothing more is stored."""

    def __init__(self, reply: str) -> None:
        super().__init__("message already handled")
        self.reply = reply


def _earlier(session: Session, gateway: Gateway, external_id: str) -> ChannelMessage | None:
    return session.scalar(select(ChannelMessage).where(
        ChannelMessage.gateway_id == gateway.id, ChannelMessage.external_id == external_id))


def handle(session: Session, gateway: Gateway, inbound: Inbound, context: Context) -> str:
    """Act on one message; the text to reply ("" for none). Raises AlreadyHandled for a
    message received before (the view then rolls back and answers the same)."""
    text = inbound.text.strip()
    if not text:
        return replies.text("media" if inbound.has_media else "empty", context.default_language)
    if (earlier := _earlier(session, gateway, inbound.external_id)) is not None:
        raise AlreadyHandled(earlier.reply)
    read = _read(session, gateway, inbound, text, context)
    message = ChannelMessage(
        gateway_id=gateway.id, external_id=inbound.external_id, kind=MessageKind.REFUSED,
        sender_hash=sender_key(inbound.sender, context.secret_key),
        language=replies.reply_language(context.default_language), received_at=context.now)
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:  # the same post twice at once: the other one stored it
        earlier = _earlier(session, gateway, inbound.external_id)
        if earlier is None:
            raise
        raise AlreadyHandled(earlier.reply) from None
    reply, always = _act(session, gateway, inbound, message, text, read, context)
    if not always and reply and not may_send(session, gateway.organisation_id,
                                             context.limits, context.now):
        reply = ""  # over the organisation's daily budget: stay silent, lose nothing
    message.reply = reply
    session.flush()
    return reply


@dataclass(frozen=True)
class _Reading:
    """What a message says: a command, a tracking code, or an idea for a destination in a
    language. Read before anything is written, so that on SQLite the write lock is held for
    the writing alone (language detection included)."""

    command: tuple[Command, str] | None = None
    code: str | None = None
    to: Destination | None = None
    language: str = ""


def _read(session: Session, gateway: Gateway, inbound: Inbound, text: str,
          context: Context) -> _Reading:
    if (command := read_command(text)) is not None:
        return _Reading(command=command)
    if (code := read_code(text)) is not None:
        return _Reading(code=code)
    to = destination(session, gateway, inbound.to, text)
    fallback = to.consultation.language if to.consultation else context.default_language
    return _Reading(to=to, language=detect_language(to.text or text, fallback=fallback))


def _act(session: Session, gateway: Gateway, inbound: Inbound, message: ChannelMessage,
         text: str, read: _Reading, context: Context) -> tuple[str, bool]:
    """The reply, and whether it is sent whatever the day's budget (a STOP's confirmation)."""
    if read.command is not None and read.command[0] is Command.STOP:
        return _stop(session, gateway, message, read.command[1]), True
    if sent_by(session, message.sender_hash, context.now) > context.limits.per_sender:
        reply = _hold(session, message, HeldReason.SENDER_LIMIT, None, text, "sender_limit")
        return ("" if told_of_limit(session, message.sender_hash, context.now) else reply), False
    if read.command is not None:
        return _opt_in(session, gateway, inbound, message, read.command[1]), False
    if read.code is not None:
        return _status(session, message, read.code, context), False
    return _idea(session, gateway, message, text, read, context), False


def _hold(session: Session, message: ChannelMessage, reason: HeldReason,
          consultation: Consultation | None, text: str, reply: str) -> str:
    """Keep the message for the team, who may enter it as an idea or set it aside."""
    message.kind, message.held_reason, message.text = MessageKind.HELD, reason, text
    message.consultation_id = consultation.id if consultation is not None else None
    session.flush()
    events.record(session, None, "channel_message.held", message, {"reason": reason.value})
    return replies.text(reply, message.language)


def _stop(session: Session, gateway: Gateway, message: ChannelMessage, language: str) -> str:
    """Forget the sender's number (the one place it is kept) and confirm."""
    message.kind, message.language = MessageKind.STOP, replies.reply_language(language)
    forgotten = session.execute(delete(ChannelContact).where(
        ChannelContact.sender_hash == message.sender_hash,
        ChannelContact.organisation_id == gateway.organisation_id)).rowcount
    if forgotten:
        session.flush()
        events.record(session, None, "channel_contact.forgotten", message, {})
    return replies.text("stopped", message.language)


def _opt_in(session: Session, gateway: Gateway, inbound: Inbound, message: ChannelMessage,
            language: str) -> str:
    """Keep the sender's number to text them news of their ideas, if they sent one."""
    message.kind, message.language = MessageKind.OPT_IN, replies.reply_language(language)
    has_idea = session.scalar(select(ChannelMessage.id).where(
        ChannelMessage.sender_hash == message.sender_hash,
        ChannelMessage.kind == MessageKind.IDEA).limit(1)) is not None
    if not has_idea:
        return replies.text("opt_in_first", message.language)
    contact = session.scalar(select(ChannelContact).where(
        ChannelContact.sender_hash == message.sender_hash))
    if contact is None:
        contact = ChannelContact(sender_hash=message.sender_hash,
                                 organisation_id=gateway.organisation_id)
        session.add(contact)
    contact.gateway_id, contact.number = gateway.id, normalise_number(inbound.sender)
    contact.language, contact.opted_in_at = message.language, message.received_at
    session.flush()
    events.record(session, None, "channel_contact.opted_in", contact, {})
    return replies.text("opted_in", message.language)


def idea_message(session: Session, text: str) -> ChannelMessage | None:
    """The message that brought the idea whose tracking code `text` is, if any."""
    code = read_code(text)
    if code is None:
        return None
    return session.scalar(select(ChannelMessage).where(
        ChannelMessage.tracking_code == code, ChannelMessage.submission_id.is_not(None)))


def _status(session: Session, message: ChannelMessage, code: str, context: Context) -> str:
    """The status of the idea with this code, in the language it was written in."""
    message.kind = MessageKind.STATUS
    found = idea_message(session, code)
    if found is None:
        return replies.text("unknown_code", message.language, code=code)
    message.language = replies.reply_language(found.language, context.default_language)
    return context.status_text(session, found, message.language)


def _idea(session: Session, gateway: Gateway, message: ChannelMessage, text: str,
          read: _Reading, context: Context) -> str:
    """Store the message as an idea of its consultation (without the keyword that chose
    it), or hold it for the team."""
    consultation, text, language = read.to.consultation, read.to.text or text, read.language
    message.language = replies.reply_language(language, context.default_language)
    if consultation is None:
        return _hold(session, message, HeldReason.UNMAPPED, None, text, "unmapped")
    if consultation.phase is not Phase.OPEN:
        return _hold(session, message, HeldReason.CLOSED, consultation, text, "closed")
    if len(text) > MAX_LENGTH:
        return _hold(session, message, HeldReason.TOO_LONG, consultation, text, "too_long")
    if len(text) < MIN_LENGTH:
        return replies.text("too_short", message.language, n=MIN_LENGTH)
    try:
        submission = submit_idea(session, None, consultation, IdeaInput(
            text=text, channel=gateway.channel, language=language,
            received_at=context.now))
    except ConsultError:  # signed-in residents only, or another rule of the consultation
        return _hold(session, message, HeldReason.REFUSED, consultation, text, "refused")
    message.kind, message.consultation_id = MessageKind.IDEA, consultation.id
    message.submission_id, message.tracking_code = submission.id, unused_code(session)
    subscribed = session.scalar(select(ChannelContact.id).where(
        ChannelContact.sender_hash == message.sender_hash)) is not None
    return replies.received(message.tracking_code, message.language, ask_news=not subscribed)


def unused_code(session: Session) -> str:
    """A tracking code no idea of the organisation has (a clash is a one-in-a-billion draw:
    drawn again)."""
    while True:
        code = new_code()
        taken = session.scalar(select(ChannelMessage.id).where(
            ChannelMessage.tracking_code == code))
        if taken is None:
            return code
