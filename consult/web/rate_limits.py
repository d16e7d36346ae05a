"""Rate limits of the endpoints people can flood, declared once (POST only)."""

from __future__ import annotations

from flask import Flask, request

from consult.extensions import limiter

READS = frozenset({"GET", "HEAD", "OPTIONS"})

# Endpoint -> config key of its rate limit (POST only). Declared once, here.
RATE_LIMITED_ENDPOINTS = {
    "security.login": "RATELIMIT_LOGIN",
    "security.us_signin": "RATELIMIT_LOGIN",
    "security.us_signin_send_code": "RATELIMIT_LOGIN",
    "security.forgot_password": "RATELIMIT_LOGIN",
    "security.two_factor_token_validation": "RATELIMIT_LOGIN",
    "security.mf_recovery": "RATELIMIT_LOGIN",
    "security.register": "RATELIMIT_REGISTER",
    "submissions.new": "RATELIMIT_SUBMIT",
    "submissions.support": "RATELIMIT_SUBMIT",
    "flags.create": "RATELIMIT_SUBMIT",
    "assemblies.volunteer": "RATELIMIT_SUBMIT",
    "submissions.similar": "RATELIMIT_SIMILAR",  # one embedding each; sent while typing
    "opinion_votes.vote": "RATELIMIT_VOTE",
}


@limiter.request_filter
def _is_read() -> bool:
    """Limits are on what is sent (here and in the follow form's), never on reading pages:
    a page read skips the limiter's work, and its storage, altogether."""
    return request.method in READS


def init_app(app: Flask) -> None:
    """Wrap each endpoint's view; the limit is read from config at request time."""
    for endpoint, key in RATE_LIMITED_ENDPOINTS.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(
            lambda key=key: app.config[key], methods=["POST"]
        )(view)
