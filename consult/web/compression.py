"""Compression of responses (Flask-Compress), with the compressed bytes of public pages kept.

A public page (consult.web.http_caching) is the same bytes for every reader of a language, so
it is compressed once per process and encoding, not at every request. The copies are keyed on
a hash of the page's own bytes: a page that changed in any way is compressed anew, and a copy
is never given for another page. Other responses, which may hold a form's token or personal
data, are compressed every time and kept nowhere.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from flask import Flask, Request

from consult.extensions import compress
from consult.web.http_caching import public_body_key

KEPT = 256  # compressed public pages kept per process (a few KB each)
NOT_KEPT = "-"  # the key of any other response: never stored


class PublicPages:
    """Flask-Compress's cache: the last KEPT compressed public pages, the least used dropped."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._lock = Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._pages.get(key)
            if found is not None:
                self._pages.move_to_end(key)
            return found

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";" + NOT_KEPT):
            return
        with self._lock:
            self._pages[key] = value
            self._pages.move_to_end(key)
            while len(self._pages) > KEPT:
                self._pages.popitem(last=False)


def _cache_key(_request: Request) -> str:
    # Flask-Compress prefixes the encoding: "br;<the page's hash>".
    return public_body_key() or NOT_KEPT


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_CACHE_BACKEND", PublicPages)
    app.config.setdefault("COMPRESS_CACHE_KEY", _cache_key)
    compress.init_app(app)
