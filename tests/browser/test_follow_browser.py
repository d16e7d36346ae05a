"""Following a consultation by email on a 360 px phone, without JavaScript, in English and in
Arabic: the form, its error, the answer page, the confirmation and the stop page, each with no
axe-core WCAG A/AA violation and nothing wider than the screen."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import Follow, Phase
from consult.responses import follows
from tests.browser.support import BROWSER, OVERFLOWING, screenshot
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.fixtures.follows import link_in

pytestmark = BROWSER


def checked(page, lang: str, name: str, found: dict) -> None:
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate(OVERFLOWING) == [], name
    screenshot(page, lang, f"follow-{name}")
    found[name] = axe_violations(page)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_resident_follows_a_consultation_without_javascript(browsing, app, db,
                                                              create_consultation, lang):
    consultation = create_consultation(Phase.OPEN, title="Trees for the riverside")
    outbox = app.extensions["mailman"].outbox = []
    found: dict[str, list] = {}
    # No JavaScript for the resident; axe needs it, so each page is checked in a second tab.
    resident = browsing.new_page(javascript=False)
    checker = browsing.new_page(bypass_csp=True)
    for page in (resident, checker):
        page.context.add_cookies([{"name": "locale", "value": lang,
                                   "url": browsing.base_url}])

    resident.goto(f"/consultations/{consultation.id}")
    resident.locator("section.follow input[type=email]").fill("not an address")
    resident.locator("section.follow button[type=submit]").click()
    assert resident.locator(".error-summary").is_visible()
    resident.locator("input[type=email]").fill("ana@example.org")
    resident.locator("section.follow button[type=submit]").click()
    assert resident.locator(".panel-confirmation").is_visible()
    confirm = link_in(outbox[0].body, "/follow/confirm/")
    resident.goto(confirm)
    assert resident.locator(".panel-confirmation h1").is_visible()

    checker.goto(f"/consultations/{consultation.id}")
    checked(checker, lang, "consultation", found)
    checker.locator("section.follow button[type=submit]").click()
    checked(checker, lang, "error", found)
    checker.locator("input[type=email]").fill("ben@example.org")
    checker.locator("section.follow button[type=submit]").click()
    checked(checker, lang, "asked", found)
    checker.goto(confirm)
    checked(checker, lang, "confirmed", found)
    db.session.commit()  # a new snapshot: what the server wrote
    follow = db.session.scalars(select(Follow).where(Follow.email == "ana@example.org")).one()
    checker.goto(f"/follow/stop/{follows.link_token('stop', follow)}")
    checked(checker, lang, "stop", found)
    checker.locator("main form button[type=submit]").click()
    checked(checker, lang, "stopped", found)
    db.session.commit()
    assert db.session.scalars(select(Follow.email)).all() == ["ben@example.org"]

    report = "\n".join(describe(name, v) for name, v in found.items() if v)
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
