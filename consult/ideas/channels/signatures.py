"""Telling a gateway's genuine posts from forged ones: each is signed with a secret the
gateway and the organisation share. No Flask here: what was signed is given as plain values.

- Twilio (its "Webhooks security" guide): `X-Twilio-Signature` is the base64 HMAC-SHA1, keyed
  with the account's auth token, of the full URL Twilio posted to followed by every POST
  parameter sorted by name, each name immediately followed by its value.
- The generic gateway: `X-Consult-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body.

Signatures are compared in constant time, so timing tells a forger nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

TWILIO_HEADER = "X-Twilio-Signature"
HMAC_HEADER = "X-Consult-Signature"
HMAC_PREFIX = "sha256="
DEFAULT_PORTS = {"http": 80, "https": 443}


def twilio_signature(url: str, params: Iterable[tuple[str, str]], secret: str) -> str:
    """The signature Twilio sends for a post of `params` to `url`.

    Names are sorted; a name sent several times contributes each of its values, sorted, as
    Twilio's own libraries do."""
    values: dict[str, set[str]] = {}
    for name, value in params:
        values.setdefault(name, set()).add(value)
    signed = url + "".join(name + value for name in sorted(values)
                           for value in sorted(values[name]))
    digest = hmac.new(secret.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def urls_twilio_may_sign(url: str) -> list[str]:
    """`url` as received, and with its default port written or left out: Twilio signs the URL
    as it was configured, which may or may not name the port."""
    parts = urlsplit(url)
    default = DEFAULT_PORTS.get(parts.scheme)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    without = urlunsplit(parts._replace(netloc=host))
    with_port = urlunsplit(parts._replace(netloc=f"{host}:{parts.port or default}"))
    if parts.port not in (None, default):
        return [url]
    return list(dict.fromkeys([url, without, with_port]))


def twilio_is_genuine(url: str, params: list[tuple[str, str]], secret: str,
                      signature: str | None) -> bool:
    """Whether `signature` is Twilio's for this post, signed with `secret`."""
    if not signature or not secret:
        return False
    given = signature.encode()
    return any(hmac.compare_digest(twilio_signature(candidate, params, secret).encode(), given)
               for candidate in urls_twilio_may_sign(url))


def hmac_signature(body: bytes, secret: str) -> str:
    """The header value the generic gateway sends with `body`."""
    return HMAC_PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def hmac_is_genuine(body: bytes, secret: str, signature: str | None) -> bool:
    """Whether `signature` is the generic gateway's for `body`, signed with `secret`."""
    if not signature or not secret:
        return False
    return hmac.compare_digest(hmac_signature(body, secret).encode(),
                               signature.strip().lower().encode())
