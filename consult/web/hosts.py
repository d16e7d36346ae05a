"""The site answers only to its own address: a Host header it does not trust gets 400. And it
knows each visitor's own address behind the reverse proxies it is told to trust.

Links in mail (tracking links, sign-in codes, password resets) are built from the request's
host, so a forged Host header would send residents to someone else's site. In production the
trusted host is the one of CONSULT_BASE_URL, unless CONSULT_TRUSTED_HOSTS lists others; in
development and tests any well-formed host is accepted. A host that cannot be a name at all
(too long, odd characters) is refused everywhere.

Flask's own TRUSTED_HOSTS check refuses such a request before URLs can be built, so not even
the error page could be shown. Instead, `HostGuard` replaces a refused Host header with the
server's own name before Flask sees the request and marks it; the first thing the app does
for a marked request is answer 400 with the translated error page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted

from consult.web.errors import render_error

MAX_HOST_LENGTH = 255  # a DNS name (253) and a port
REFUSED = "consult.refused_host"
HOST_MESSAGE = _l("This site does not answer to the address your browser asked for.")


def trusted_hosts(config: dict) -> list[str] | None:
    """The host names this site answers to, or None for any well-formed one."""
    if config.get("CONSULT_TRUSTED_HOSTS"):
        return list(config["CONSULT_TRUSTED_HOSTS"])
    base_url = config.get("CONSULT_BASE_URL")
    if config.get("ENV_NAME") == "production" and base_url:
        return [urlsplit(base_url).hostname or ""]
    return None


def host_is_acceptable(host: str, trusted: list[str] | None) -> bool:
    return len(host) <= MAX_HOST_LENGTH and host_is_trusted(host, trusted)


class HostGuard:
    """WSGI middleware: a Host header that is not acceptable is replaced and the request marked."""

    def __init__(self, wsgi_app, trusted: list[str] | None) -> None:
        self.wsgi_app, self.trusted = wsgi_app, trusted

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is not None and not host_is_acceptable(host, self.trusted):
            environ[REFUSED] = True
            environ["HTTP_HOST"] = (self.trusted or ["localhost"])[0].lstrip(".")
        return self.wsgi_app(environ, start_response)


def _refuse_marked_request():
    if request.environ.get(REFUSED):
        return render_error(400, HOST_MESSAGE)
    return None


def behind_proxies(wsgi_app, proxies: int):
    """`wsgi_app` reading the visitor's address and scheme from the `proxies` reverse proxies in
    front of it (X-Forwarded-For, -Proto), so rate limits count each resident, not the proxy."""
    return ProxyFix(wsgi_app, x_for=proxies, x_proto=proxies) if proxies else wsgi_app


def init_app(app: Flask) -> None:
    guarded = HostGuard(app.wsgi_app, trusted_hosts(app.config))
    app.wsgi_app = behind_proxies(guarded, app.config.get("PROXIES", 0))  # type: ignore[method-assign]
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_marked_request)
