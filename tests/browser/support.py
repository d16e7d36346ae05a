"""What the browser tests share: contexts that record requests, translations, screenshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale, gettext

HOST = "127.0.0.1"
PHONE = {"width": 360, "height": 640}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

# Flask-Compress 1.25 compresses a static file by iterating it in a generator and never closes
# the file: CPython closes it when the response is dropped, with a ResourceWarning that the
# live server's thread reports during whichever test runs. An app or upstream fix is due; until
# then these tests ignore that one warning, and only for files under consult/static/.
STATIC_FILE_NOT_CLOSED = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <_io.FileIO name='[^']*/consult/static/"
    ":pytest.PytestUnraisableExceptionWarning"
)
BROWSER = [pytest.mark.browser, STATIC_FILE_NOT_CLOSED]


@dataclass
class Browsing:
    """What a test opens: contexts on the live server, and every URL they requested."""

    browser: object
    base_url: str
    requests: list[str] = field(default_factory=list)
    contexts: list = field(default_factory=list)

    def new_page(self, javascript: bool = True, bypass_csp: bool = False):
        context = self.browser.new_context(
            base_url=self.base_url, viewport=PHONE, java_script_enabled=javascript,
            bypass_csp=bypass_csp, locale="en-GB",
        )
        context.set_default_timeout(10_000)
        context.on("request", lambda request: self.requests.append(request.url))
        self.contexts.append(context)
        return context.new_page()

    def external_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != HOST]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def translate(lang: str, message: str, **variables) -> str:
    """`message` as the app shows it in `lang` (needs an app context)."""
    with force_locale(lang):
        return gettext(message, **variables)


def screenshot(page, lang: str, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-{name}.png"))
