"""What the browser tests share: contexts that record requests, translations, screenshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale, gettext

from tests.fixtures.factories import PASSWORD
from tests.fixtures.two_factor import authenticator_code

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


def sign_in(page, user, password: str = PASSWORD) -> None:
    """Through the sign-in form, as a person would; staff then type their app's code."""
    page.goto("/login")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(password)
    page.locator("#submit").click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/login")
    if urlsplit(page.url).path == "/tf-validate":
        page.locator("#code").fill(authenticator_code(user))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(lambda url: urlsplit(url).path != "/tf-validate")


def no_request_left_the_machine(browsing) -> None:
    assert browsing.requests
    assert all(HOST in url for url in browsing.requests), browsing.external_requests()
    assert browsing.external_requests() == []


def open_details(page, summary: str) -> None:
    page.locator("summary", has_text=summary).click()


# What sticks out at 360 px: a page wider than the screen, or chart labels outside the chart.
OVERFLOWING = """() => {
  const out = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) out.push(`page ${page.scrollWidth}px wide`);
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1) out.push(`chart: ${text.textContent}`);
    }
  }
  return out;
}"""


def pages_in(browsing, lang: str, facilitator):
    """A facilitator's page and a visitor's page, both in `lang`; CSP bypassed for axe only
    (axe is injected as a script tag, which the site's strict CSP would rightly refuse)."""
    cookie = [{"name": "locale", "value": lang, "url": browsing.base_url}]
    facilitating = browsing.new_page(bypass_csp=True)
    sign_in(facilitating, facilitator)
    facilitating.context.add_cookies(cookie)
    public = browsing.new_page(bypass_csp=True)
    public.context.add_cookies(cookie)
    return facilitating, public


def open_and_check(page, lang: str, name: str, path: str) -> None:
    """Open `path`: a 200 page in the language's direction, with a heading, nothing wider
    than the phone; its screenshot saved."""
    response = page.goto(path)
    assert response.status == 200, name
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), name
    assert page.get_by_role("heading", level=1).first.is_visible(), name
    assert page.evaluate(OVERFLOWING) == [], name
    screenshot(page, lang, name)
