"""Keeping redirects on this site."""

from __future__ import annotations

from urllib.parse import urlsplit


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
