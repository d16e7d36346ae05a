"""Tracking codes, phone numbers and the keyed hash that stands for a sender.

A tracking code is 8 characters from an alphabet without look-alikes (no 0/O, no 1/I), easy
to read out and to type on a phone's keypad. There are 32⁸ (about 10¹²) of them, drawn at
random, so guessing one is hopeless; and a code only tells an idea's status, never who sent it.

A sender is known by a keyed hash of their number (HMAC-SHA256 under a key derived from the
site's SECRET_KEY): the same number always gives the same hash, so one sender's messages can
be counted, but the hash cannot be turned back into the number without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-.]+")
_NOT_DIGIT = re.compile(r"[^\d]")
WHATSAPP_PREFIX = "whatsapp:"
MAX_NUMBER = 32


def new_code() -> str:
    """A fresh random tracking code (the caller makes sure no idea has it yet)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def read_code(text: str) -> str | None:
    """The tracking code a message consists of ("k7px 3qmz" reads as K7PX3QMZ), or None
    when it is not one."""
    candidate = _SEPARATORS.sub("", text).upper()
    if len(candidate) == LENGTH and all(char in ALPHABET for char in candidate):
        return candidate
    return None


def normalise_number(raw: str) -> str:
    """A phone number as digits after an optional "+" ("whatsapp:+1 (555) 010-0000" gives
    "+15550100000"); "" when there is no digit. Short codes ("12345") stay as they are."""
    raw = raw.strip()
    if raw.lower().startswith(WHATSAPP_PREFIX):
        raw = raw[len(WHATSAPP_PREFIX):].strip()
    digits = _NOT_DIGIT.sub("", raw)[:MAX_NUMBER - 1]
    if not digits:
        return ""
    return ("+" if raw.startswith("+") else "") + digits


def sender_key(number: str, secret_key: str) -> str:
    """The keyed hash that stands for the sender of `number` (normalised first)."""
    key = hashlib.sha256(b"consult.channel-sender:" + secret_key.encode()).digest()
    return hmac.new(key, normalise_number(number).encode(), hashlib.sha256).hexdigest()
