"""The API is anonymous, whatever browser asks: a request under /api/ keeps, of its cookies,
only the reader's choice of language.

So no API request signs anyone in or out, touches an account's session, or is answered
differently for a signed-in reader, and no answer sets a cookie. Personal access tokens, when
they come, will name their holder in a header of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from werkzeug.http import parse_cookie

from consult.api.errors import PREFIX
from consult.i18n import LOCALE_COOKIE


class LanguageCookieOnly:
    """WSGI middleware: the Cookie header of an API request, less every other cookie."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(PREFIX) and "HTTP_COOKIE" in environ:
            locale = parse_cookie(environ).get(LOCALE_COOKIE, "")
            if locale.replace("_", "").isalnum():
                environ["HTTP_COOKIE"] = f"{LOCALE_COOKIE}={locale}"
            else:
                del environ["HTTP_COOKIE"]
        return self.wsgi_app(environ, start_response)
