"""The only module that reads HX-* headers.

A view renders the whole page for a plain request and only the named block for an htmx
request; both come from the same template, so the HTML is never duplicated.
"""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, redirect, render_template
from jinja2_fragments.flask import render_block

from consult.extensions import htmx


def is_fragment_request() -> bool:
    """An htmx request that is not a boosted full-page navigation."""
    return bool(htmx) and not htmx.boosted


def render_page_or_block(
    template: str, block: str, status: int = 200, **context: Any
) -> Response:
    """The full page, or just `block` of it for htmx; always `Vary: HX-Request`."""
    if is_fragment_request():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def full_page_redirect(location: str) -> Response:
    """A redirect; for htmx, also `HX-Redirect`, so the browser loads the whole page there
    instead of putting it inside the fragment being updated."""
    response = redirect(location)
    if is_fragment_request():
        response.headers["HX-Redirect"] = location
    return response
