"""Public pages kept rendered for readers without a session, until anything is written.

A public page (consult.web.http_caching.public_page) asked for without a session cookie is the
same for every request with the same host, address, cookies, languages, Save-Data and htmx
headers, as long as the database holds the same data. Each process keeps the last KEPT such
pages, each with the database's generation (consult.database.data_generation) read before it
was rendered. A kept page is given again only while the generation is the same, and for at
most `PAGE_CACHE_SECONDS` (for what depends on the clock: a phase's end, "2 hours ago"). Any
commit that writes anything, from any process (web, worker, command line), changes the
generation: a resident who sends an idea sees it counted on the next page, as does everyone.

Everything else a request goes through still runs (host checks, the organisation, HTTPS, the
security headers, ETag and 304, compression); a kept page spares the view and its rendering.
Set `PAGE_CACHE_SECONDS` to 0 to keep no page.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from flask import Flask, Response, current_app, g, request
from sqlalchemy.exc import SQLAlchemyError

from consult.database import data_generation
from consult.extensions import db
from consult.web.http_caching import is_marked_public, public_body_key

KEPT = 256  # pages per process (tens of KB each)
KEYED = ("Cookie", "Accept-Language", "Save-Data", "HX-Request", "HX-Boosted", "HX-Target")
VARIES = frozenset(name.lower() for name in (*KEYED, "Accept-Encoding"))
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary")
_GENERATION = "consult_page_generation"  # in `g`: the generation read before rendering
EXTENSION = "consult_page_cache"  # in `app.extensions`: the app's KeptPages


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    generation: str
    until: float  # time.monotonic() after which it is rendered again


class KeptPages:
    """The last KEPT pages of this process and app, the least used dropped first."""

    def __init__(self) -> None:
        self._pages: OrderedDict[tuple, KeptPage] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple, generation: str) -> KeptPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if page.generation != generation or page.until < time.monotonic():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: KeptPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > KEPT:
                self._pages.popitem(last=False)


def kept_pages() -> KeptPages:
    return current_app.extensions[EXTENSION]


def _key() -> tuple | None:
    """What the page depends on besides the data, or None if it may not be kept."""
    if (request.method != "GET" or not current_app.config["PAGE_CACHE_SECONDS"]
            or current_app.config["SESSION_COOKIE_NAME"] in request.cookies
            or not is_marked_public()):
        return None
    return (g.organisation.id if g.get("organisation") else None, request.host,
            request.full_path, *(request.headers.get(name, "") for name in KEYED))


def _give_kept() -> Response | None:
    key = _key()
    if key is None:
        return None
    try:
        generation = data_generation(db.session)
    except SQLAlchemyError:
        return None  # the view will meet the outage and answer for it
    page = kept_pages().get(key, generation)
    if page is None:
        setattr(g, _GENERATION, generation)
        return None
    return Response(page.body, headers=list(page.headers))


def _keep(response: Response) -> Response:
    generation = g.get(_GENERATION)
    if (generation is None or response.status_code != 200 or public_body_key() is None
            or not {value.lower() for value in response.vary} <= VARIES):
        return response
    key = _key()
    if key is not None:
        headers = tuple((name, response.headers[name]) for name in STORED_HEADERS
                        if name in response.headers)
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        kept_pages().put(key, KeptPage(response.get_data(), headers, generation,
                                time.monotonic() + seconds))
    return response


def init_app(app: Flask) -> None:
    """Call after every other hook is registered: the kept page is looked for after all the
    other checks of a request, and stored once the page's cache headers are known."""
    app.extensions[EXTENSION] = KeptPages()
    app.before_request(_give_kept)
    app.after_request(_keep)
