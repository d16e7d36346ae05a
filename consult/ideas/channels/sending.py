"""Sending a text message through a gateway, outside the webhook's reply (the news residents
asked for): Twilio's REST API ("Messages" resource), or the generic gateway's address, posted
a JSON body signed like its webhooks.

Plain HTTP with the standard library: no client library to install. The Twilio address comes
from the configuration (CONSULT_TWILIO_API_URL), so tests point it at a local server.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from consult.ideas.channels.models import Gateway, GatewayKind
from consult.ideas.channels.signatures import HMAC_HEADER, hmac_signature
from consult.ideas.models import Channel

TWILIO_MESSAGES = "/2010-04-01/Accounts/{sid}/Messages.json"


class SendFailed(Exception):
    """The gateway could not be reached or refused the message (the reason, never the number
    or the text)."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POST `body` to `url` (http or https only); the answer whatever its status."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise SendFailed("the gateway's address is not http or https")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return Answer(response.status, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read())
    except (urllib.error.URLError, OSError) as error:
        raise SendFailed(f"the gateway cannot be reached ({type(error).__name__})") from None


def _address(gateway: Gateway, number: str) -> str:
    return f"whatsapp:{number}" if gateway.channel is Channel.WHATSAPP else number


def twilio_request(gateway: Gateway, to: str, text: str, api_url: str) -> tuple[str, bytes, dict]:
    """(url, body, headers) of a Twilio "create a Message" request."""
    url = api_url.rstrip("/") + TWILIO_MESSAGES.format(sid=gateway.account_sid)
    body = urlencode({"To": _address(gateway, to), "From": _address(gateway, gateway.sender),
                      "Body": text}).encode()
    credentials = base64.b64encode(f"{gateway.account_sid}:{gateway.secret}".encode()).decode()
    return url, body, {"Authorization": f"Basic {credentials}",
                       "Content-Type": "application/x-www-form-urlencoded"}


def hmac_request(gateway: Gateway, to: str, text: str) -> tuple[str, bytes, dict]:
    """(url, body, headers) of a message for the generic gateway, signed with its secret."""
    body = json.dumps({"to": to, "from": gateway.sender, "text": text,
                       "channel": gateway.channel.value}, ensure_ascii=False).encode()
    return gateway.outbound_url, body, {"Content-Type": "application/json",
                                        HMAC_HEADER: hmac_signature(body, gateway.secret)}


def send_text(gateway: Gateway, to: str, text: str, config: dict) -> None:
    """Send `text` to the number `to` through `gateway`; SendFailed when it did not go."""
    if not gateway.can_send:
        raise SendFailed("the gateway has no account or address to send through")
    if gateway.kind is GatewayKind.TWILIO:
        url, body, headers = twilio_request(gateway, to, text, config["TWILIO_API_URL"])
    else:
        url, body, headers = hmac_request(gateway, to, text)
    answer = post(url, body, headers, config["SMS_SEND_TIMEOUT"])
    if not 200 <= answer.status < 300:
        raise SendFailed(f"the gateway answered {answer.status}")
