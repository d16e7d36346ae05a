"""Reading what a gateway posts, once its signature is checked, and answering it in its own
format: Twilio's form and TwiML, or the generic gateway's signed JSON.

The generic gateway posts `{"id", "from", "to", "text"}`, or `"parts": [...]` instead of
`"text"` for a long message it received in parts (joined in order); `"media"` (a list) or a
`"type"` other than "text" says the message carried something else than text.

Twilio signs the URL it posted to: behind a reverse proxy the app must see the public URL,
which it does when CONSULT_PROXIES names the proxies (their X-Forwarded-Proto is trusted) and
the proxy passes the Host header on (consult.web.hosts).
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from flask import Request, Response, jsonify

from consult.ideas.channels.inbound import Inbound
from consult.ideas.channels.models import Gateway, GatewayKind
from consult.ideas.channels.signatures import (
    HMAC_HEADER,
    TWILIO_HEADER,
    hmac_is_genuine,
    twilio_is_genuine,
)

MAX_PARTS = 50  # a message in more parts than a phone sends is refused
MAX_TEXT = 20_000  # characters: far beyond any phone's longest message
MAX_ID = 64


class Unsigned(Exception):
    """No signature, or not the gateway's: the post is refused and nothing is stored."""


class Malformed(Exception):
    """Genuinely signed, but not a message this service understands."""


def read_inbound(gateway: Gateway, request: Request) -> Inbound:
    """The message `request` carries, once its signature is found genuine."""
    if gateway.kind is GatewayKind.TWILIO:
        return _twilio(gateway, request)
    return _generic(gateway, request)


def _checked(external_id: object, sender: object, to: object, text: str) -> None:
    if not isinstance(external_id, str) or not external_id or len(external_id) > MAX_ID:
        raise Malformed("the message has no id, or one longer than 64 characters")
    if not isinstance(sender, str) or not sender.strip():
        raise Malformed("the message names no sender")
    if not isinstance(to, str):
        raise Malformed("the number the message was sent to is not text")
    if len(text) > MAX_TEXT:
        raise Malformed("the message is longer than any text message")


def _twilio(gateway: Gateway, request: Request) -> Inbound:
    params = list(request.form.items(multi=True))
    if not twilio_is_genuine(request.url, params, gateway.secret,
                             request.headers.get(TWILIO_HEADER)):
        raise Unsigned
    form = request.form
    external_id = form.get("MessageSid") or form.get("SmsSid") or ""
    sender, to, text = form.get("From", ""), form.get("To", ""), form.get("Body", "")
    _checked(external_id, sender, to, text)
    try:
        media = int(form.get("NumMedia") or 0)
    except ValueError:
        raise Malformed("NumMedia is not a number") from None
    return Inbound(external_id, sender, to, text, has_media=media > 0)


def _generic(gateway: Gateway, request: Request) -> Inbound:
    body = request.get_data(cache=True)
    if not hmac_is_genuine(body, gateway.secret, request.headers.get(HMAC_HEADER)):
        raise Unsigned
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Malformed("the body is not JSON") from None
    if not isinstance(data, dict):
        raise Malformed("the body is not a JSON object")
    text = _text_of(data)
    external_id, sender, to = data.get("id"), data.get("from"), data.get("to", "")
    _checked(external_id, sender, to, text)
    media = data.get("media")
    has_media = data.get("type", "text") != "text" or (isinstance(media, list) and bool(media))
    return Inbound(external_id, sender, to, text, has_media=has_media)


def _text_of(data: dict) -> str:
    parts = data.get("parts")
    if parts is None:
        text = data.get("text", "")
        if not isinstance(text, str):
            raise Malformed("the text is not a string")
        return text
    if (not isinstance(parts, list) or len(parts) > MAX_PARTS
            or not all(isinstance(part, str) for part in parts)):
        raise Malformed(f"parts must be a list of at most {MAX_PARTS} strings")
    return "".join(parts)


def answer(gateway: Gateway, reply: str) -> Response:
    """The reply in the gateway's format: TwiML with one message (none when empty), or JSON."""
    if gateway.kind is GatewayKind.HMAC:
        return jsonify({"reply": reply})
    message = f"<Message>{escape(reply)}</Message>" if reply else ""
    xml = f'<?xml version="1.0" encoding="UTF-8"?><Response>{message}</Response>'
    return Response(xml, mimetype="text/xml")


def refusal(status: int, reason: str) -> Response:
    """A plain answer for a post refused (the gateway logs it; no page is drawn)."""
    return Response(reason + "\n", status=status, mimetype="text/plain")
