"""Telling people from bots without a CAPTCHA: a hidden field and the time taken."""

from __future__ import annotations

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, TimestampSigner

MIN_SECONDS = 3


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt="consult.form-started")


def started_value() -> str:
    """A signed timestamp to put in the form when it is shown."""
    return _signer().sign(str(int(time.time()))).decode()


def bot_suspicion(honeypot: str | None, started: str | None) -> object | None:
    """A message to show when the form looks automated, else None."""
    if honeypot:
        return _l("Your idea could not be accepted. Leave the last field empty and send again.")
    try:
        signed_at = int(_signer().unsign(started or "").decode())
    except (BadSignature, ValueError):
        return _l("The form was incomplete. Please check your idea and send it again.")
    if time.time() - signed_at < current_app.config.get("SUBMIT_MIN_SECONDS", MIN_SECONDS):
        return _l("That was very fast. Please check your idea and send it again.")
    return None
