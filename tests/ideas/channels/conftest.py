"""A test gateway: gateways and routes made directly, messages posted to the webhook as Twilio
(signed form) and the generic gateway (signed JSON) post them, and a fake HTTP server on
127.0.0.1 that takes what the site sends (news), recording each request."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from urllib.parse import parse_qsl, urlencode

import pytest

from consult.ideas.channels import signatures
from consult.ideas.channels.models import Gateway
from tests.fixtures.channels import HMAC_SECRET, NUMBER, TWILIO_SECRET  # noqa: F401

SENDER = "+15550100001"
_ids = count(1)


def webhook_url(gateway: Gateway) -> str:
    return f"http://localhost/channels/{gateway.id}/inbound"


def twilio_post(client, gateway: Gateway, body: str, *, sender: str = SENDER,
                to: str = NUMBER, sid: str | None = None, sign: bool = True,
                secret: str | None = None, **extra: str):
    """POST a message as Twilio does: form-encoded, signed over the URL and the parameters."""
    params = {"MessageSid": sid or f"SM{next(_ids):032d}", "AccountSid": "AC" + "1" * 32,
              "From": sender, "To": to, "Body": body, "NumMedia": "0", **extra}
    headers = {}
    if sign:
        headers[signatures.TWILIO_HEADER] = signatures.twilio_signature(
            webhook_url(gateway), params.items(), secret or gateway.secret)
    return client.post(f"/channels/{gateway.id}/inbound", data=urlencode(params),
                       content_type="application/x-www-form-urlencoded", headers=headers)


def generic_post(client, gateway: Gateway, payload: dict, *, sign: bool = True,
                 secret: str | None = None):
    """POST a message as the generic gateway does: JSON, signed over the raw body."""
    payload = {"id": f"msg-{next(_ids)}", "from": SENDER, "to": NUMBER, **payload}
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if sign:
        headers[signatures.HMAC_HEADER] = signatures.hmac_signature(
            body, secret or gateway.secret)
    return client.post(f"/channels/{gateway.id}/inbound", data=body, headers=headers)


def reply_of(response) -> str:
    """The text of the reply in a TwiML or JSON answer ("" for none)."""
    if response.mimetype == "application/json":
        return response.get_json()["reply"]
    xml = response.get_data(as_text=True)
    if "<Message>" not in xml:
        return ""
    from xml.sax.saxutils import unescape

    return unescape(xml.split("<Message>", 1)[1].split("</Message>", 1)[0])


@dataclass
class FakeGateway:
    """What the fake gateway received: (path, headers, body) of each POST."""

    url: str
    received: list[tuple[str, dict, bytes]] = field(default_factory=list)
    status: int = 201

    def forms(self) -> list[dict]:
        return [dict(parse_qsl(body.decode())) for _, _, body in self.received]


@pytest.fixture
def fake_gateway():
    """A local HTTP server answering every POST with `status` (201: taken)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            gateway.received.append((self.path, dict(self.headers), body))
            self.send_response(gateway.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"sid": "SM0"}')

        def log_message(self, *args) -> None:
            """Nothing in the test output per request."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway = FakeGateway(f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield gateway
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


# The real app on a real server, as the browser tests have it (their browser stays theirs:
# one Playwright per session; the pages in a browser are tested in tests/browser).
from tests.browser.conftest import live_server  # noqa: E402, F401
