"""Where a webhook may point: never at this server's own network (SSRF).

A receiver's address is checked when it is registered and again before each delivery (its
name may resolve elsewhere by then): every address its host name resolves to must be public.
Private, loopback, link-local, multicast and reserved addresses are refused unless the
installation allows them (``WEBHOOKS_ALLOW_PRIVATE``: development and tests only).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from consult.core.errors import ConsultError

MAX_LENGTH = 500


class RefusedAddress(ConsultError):
    status = 422


def check_url(url: str, allow_private: bool) -> str:
    """``url`` cleaned, or RefusedAddress saying why it cannot receive webhooks."""
    url = url.strip()
    parts = urlsplit(url)
    if len(url) > MAX_LENGTH or parts.scheme not in ("https", "http") or not parts.hostname:
        raise RefusedAddress(_l("Give a full web address starting with https://."))
    if parts.scheme != "https" and not allow_private:
        raise RefusedAddress(_l("Webhooks are sent over https only."))
    if parts.username or parts.password:
        raise RefusedAddress(_l("Put no user name or password in the address."))
    if not allow_private:
        for address in _addresses(parts.hostname, parts.port):
            if not address.is_global or address.is_multicast:
                raise RefusedAddress(_l(
                    "%(host)s is a private or local address: webhooks go to public servers "
                    "only.", host=parts.hostname))
    return url


def _addresses(host: str, port: int | None) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        found = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise RefusedAddress(_l("%(host)s cannot be found.", host=host)) from None
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in found]
