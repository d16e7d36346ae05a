"""Keeping redirects on this site, and telling requests sent from it."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def safe_next(target: str | None, fallback: str = "/") -> str:
    """`target` if it is a path on this site, else `fallback` (no open redirects).

    Browsers drop tabs and line breaks from a URL, so "/\t/evil.example" would be followed
    as "//evil.example": a target with any control character or space is refused too.
    """
    if not target or any(char <= " " or char == "\x7f" for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target:
        return fallback
    return target


# What browsers say of where a request comes from (Fetch Metadata), when it is this site.
SAME_SITE_FETCHES = frozenset({"same-origin", "none"})


def sent_from_this_site() -> bool:
    """Whether the browser says this request comes from a page of this site (or was typed).

    For forms that carry no CSRF token: Sec-Fetch-Site when the browser sends it, else the
    Origin header, compared with this site's own. A browser sending neither (a very old
    one, or no browser) is let through: such a form acts on no account.
    """
    fetch = request.headers.get("Sec-Fetch-Site")
    if fetch is not None:
        return fetch in SAME_SITE_FETCHES
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")
