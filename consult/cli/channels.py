"""`consult sms-simulate`: send a running site a text message as its gateway would, signed,
and print the reply, to try the text-message channel end to end without a phone."""

from __future__ import annotations

import json
import secrets
from urllib.parse import urlencode
from xml.etree import ElementTree

import click
from flask import current_app, url_for
from flask.cli import with_appcontext

from consult.cli.common import fail


def _webhook_url(gateway_id: int) -> str:
    base = current_app.config.get("CONSULT_BASE_URL") or "http://localhost:5000"
    with current_app.test_request_context(base_url=base):
        return url_for("channels.receive", gateway_id=gateway_id, _external=True)


def _signed(kind: str, url: str, secret: str, sender: str, to: str, text: str,
            message_id: str) -> tuple[bytes, dict[str, str]]:
    from consult.ideas.channels import signatures

    if kind == "twilio":
        params = {"MessageSid": message_id, "AccountSid": "AC" + "0" * 32, "From": sender,
                  "To": to, "Body": text, "NumMedia": "0"}
        signature = signatures.twilio_signature(url, params.items(), secret)
        return urlencode(params).encode(), {
            "Content-Type": "application/x-www-form-urlencoded",
            signatures.TWILIO_HEADER: signature}
    body = json.dumps({"id": message_id, "from": sender, "to": to, "text": text},
                      ensure_ascii=False).encode()
    return body, {"Content-Type": "application/json",
                  signatures.HMAC_HEADER: signatures.hmac_signature(body, secret)}


def _reply_of(kind: str, body: bytes) -> str:
    if kind == "twilio":
        root = ElementTree.fromstring(body)  # noqa: S314 - our own server's TwiML
        return "\n".join(message.text or "" for message in root.iter("Message"))
    return json.loads(body).get("reply", "")


@click.command("sms-simulate")
@click.option("--to", "to", required=True, help="The number the message is sent to.")
@click.option("--from", "sender", required=True, help="The number it is sent from.")
@click.option("--gateway", "gateway_id", type=int,
              help="A gateway of this site: its kind, secret and webhook address are used.")
@click.option("--url", help="The webhook address (with --kind and --secret, for another site).")
@click.option("--kind", type=click.Choice(["twilio", "hmac"]), help="How to sign.")
@click.option("--secret", envvar="CONSULT_SMS_SECRET", help="The gateway's secret "
              "(or CONSULT_SMS_SECRET).")
@click.option("--id", "message_id", help="The message's id (a new one by default: the same id "
              "twice shows a gateway's retry).")
@click.argument("text")
@with_appcontext
def sms_simulate(to: str, sender: str, gateway_id: int | None, url: str | None,
                 kind: str | None, secret: str | None, message_id: str | None,
                 text: str) -> None:
    """Post TEXT to the webhook as a gateway does, signed, and print the reply."""
    from consult.extensions import db
    from consult.ideas.channels.models import Gateway
    from consult.ideas.channels.sending import SendFailed, post

    if gateway_id is not None:
        gateway = db.session.get(Gateway, gateway_id)
        if gateway is None:
            fail(f"there is no gateway {gateway_id}")
        kind, secret = kind or gateway.kind.value, secret or gateway.secret
        url = url or _webhook_url(gateway.id)
    if not (url and kind and secret):
        fail("name a --gateway of this site, or give --url, --kind and --secret")
    message_id = message_id or "SM" + secrets.token_hex(16)
    body, headers = _signed(kind, url, secret, sender, to, text, message_id)
    try:
        answer = post(url, body, headers, timeout=30)
    except SendFailed as error:
        fail(error, code=1)
    if answer.status != 200:
        fail(f"the site answered {answer.status}: "
             f"{answer.body.decode(errors='replace').strip()}", code=1)
    click.echo(_reply_of(kind, answer.body) or "(no reply)")
