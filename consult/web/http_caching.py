"""How pages may be kept by browsers and caches: who may keep a copy (Cache-Control), what a
copy depends on (Vary), and how to ask whether it is still current (ETag, then 304).

- A **public page** (a view marked `@public_page`: it shows no form and nothing personal)
  seen by a visitor without a session is the same for every such reader of a language:
  `Cache-Control: public, no-cache`. Browsers and shared caches may keep it, and ask again
  before each use. A consultation changes as ideas arrive and as it moves on, and a reader
  sees the current page every time; asking costs a round trip but no page when nothing
  changed (a 304, a few hundred bytes instead of kilobytes: what counts on a metered phone).
  A lifetime (`max-age`) would spare even the round trip, at the price of showing a count or a
  phase that is no longer true, to someone who came back after sending their idea.
- Any other page for a visitor who is not signed in (a form, which carries its own CSRF
  token; a page with a message kept in the session): `private, no-cache`.
- Pages of signed-in accounts: `private, no-store`: kept nowhere.
- `Vary`: the language comes from a cookie or from Accept-Language, the session from a cookie
  and the compression from Accept-Encoding, so a copy in Arabic is never given to a French
  reader, nor a compressed one to a browser that cannot read it.
- The ETag is weak, taken from the page's bytes before compression (the same page br- or
  gzip-compressed is the same page): a page that changed in any way has a new one.

Responses that already say how to keep them (static files, downloads, Flask-Security's pages,
previews) are left as they are. A public page is public only if nothing in the request made
it personal: no session cookie, not signed in, no cookie set by the response.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user

from consult.web.outage import database_unavailable

PUBLIC = "consult_public_page"  # the mark `public_page` puts on a view
PUBLIC_BODY = "consult_public_body"  # in `g`: the ETag of a public page's bytes

VARY = ("Cookie", "Accept-Language")
PUBLIC_CACHING = "public, no-cache"
PRIVATE_CACHING = "private, no-cache"
SIGNED_IN_CACHING = "private, no-store"


def public_page(view: Callable) -> Callable:
    """Mark a view whose page is the same for every visitor without a session."""
    setattr(view, PUBLIC, True)
    return view


def body_etag(body: bytes) -> str:
    """A validator of the page's bytes (its SHA-256, shortened)."""
    return hashlib.sha256(body).hexdigest()[:32]


def public_body_key() -> str | None:
    """The ETag of the public page being sent, if it is one (consult.web.compression)."""
    return g.get(PUBLIC_BODY)


def is_marked_public() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(view is not None and getattr(view, PUBLIC, False))


def _is_public(response: Response) -> bool:
    """Nothing in this request made the page personal (the reader is not signed in)."""
    return (is_marked_public()
            and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
            and not session.modified
            and "Set-Cookie" not in response.headers)


def _cache_headers(response: Response) -> Response:
    if (request.method not in ("GET", "HEAD") or response.status_code != 200
            or "Cache-Control" in response.headers or database_unavailable()):
        return response
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = SIGNED_IN_CACHING
        return response
    if response.mimetype != "text/html" or response.is_streamed:
        return response
    public = _is_public(response)
    response.headers["Cache-Control"] = PUBLIC_CACHING if public else PRIVATE_CACHING
    response.vary.update(VARY)
    etag = body_etag(response.get_data())
    if public:
        setattr(g, PUBLIC_BODY, etag)
    response.set_etag(etag, weak=True)
    if "If-None-Match" in request.headers:
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    # After Flask-Compress registered its hook: Flask runs the later one first, so the ETag is
    # taken from the page as rendered, and a 304 is answered before anything is compressed.
    app.after_request(_cache_headers)
