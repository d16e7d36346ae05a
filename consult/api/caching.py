"""Every answer of the API can be asked for again cheaply: a weak ETag of its bytes, taken as
the pages take theirs (consult.web.http_caching), and If-None-Match answered with a 304.

The API reads no session (consult.api.cookies), so what it sends is the same for every reader:
`Cache-Control: public, no-cache`, kept by browsers and shared caches and checked before each
use. A list changes as ideas arrive; a client polling it pays a few hundred bytes until it does.
"""

from __future__ import annotations

from flask import Response, request

from consult.web.http_caching import PUBLIC_CACHING, VARY, body_etag


def conditional(response: Response) -> Response:
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    response.headers["Cache-Control"] = PUBLIC_CACHING
    if response.mimetype == "text/html":  # the reference page is in the reader's language
        response.vary.update(VARY)
    response.set_etag(body_etag(response.get_data()), weak=True)
    return response.make_conditional(request)
