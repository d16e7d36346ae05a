"""/api/v1/: the public read API, staff writes, the OpenAPI document and its reference page.

One blueprint, `api`, holds a blueprint per group of resources (consult.api.read) and gives
them what every API request shares: the rate limit first, then JSON errors, and an ETag on
every answer. `init_app` adds what must act before any blueprint: JSON for an address that is
no endpoint, and a request with no cookie but the reader's language.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from consult.api import caching, errors, reference
from consult.api.cookies import LanguageCookieOnly
from consult.api.limits import check_rate_limit
from consult.api.read import (
    answers,
    assemblies,
    consultations,
    events,
    follow_up,
    ideas,
    opinions,
    plans,
    site,
    themes,
)
from consult.api.write import answers as write_answers
from consult.api.write import ideas as write_ideas

bp = Blueprint("api", __name__, url_prefix="/api/v1")
for part in (site, consultations, ideas, themes, opinions, plans, follow_up, answers, assemblies,
             events, reference, write_ideas, write_answers):
    bp.register_blueprint(part.bp)
bp.before_request(check_rate_limit)
bp.after_request(caching.conditional)
errors.register(bp)


def init_app(app: Flask) -> None:
    from consult.extensions import csrf

    # Writes authenticate by bearer token only and the API reads no cookie (LanguageCookieOnly):
    # no browser can be made to send one for its user, so no CSRF token is asked.
    for writes in (write_ideas.bp, write_answers.bp):
        csrf.exempt(writes)
    errors.init_app(app)
    app.wsgi_app = LanguageCookieOnly(app.wsgi_app)  # type: ignore[method-assign]
