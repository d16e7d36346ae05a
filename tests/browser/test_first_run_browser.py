"""A new city, in a real browser and without JavaScript: from an empty installation it creates
its organisation on the web, its administrator signs in in two steps, invites an official who
joins and signs in in two steps too, and switches the site to Portuguese. axe-core checks the
first-run and administration pages in English and Arabic.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.support import BROWSER, no_request_left_the_machine, screenshot
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.fixtures.two_factor import code_from_key

pytestmark = BROWSER

PASSPHRASE = "seven unrelated words for a passphrase"


def submit(page) -> None:
    page.locator("main form button[type=submit]").first.click()


def sign_in_and_set_up_two_steps(page, email: str) -> None:
    """The password, then the authenticator app set up from the key the page shows."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSPHRASE)
    page.locator("#submit").click()
    page.wait_for_url("**/tf-setup")
    submit(page)
    key = page.locator("#authenticator-key").inner_text()
    page.locator("#code").fill(code_from_key(key))
    submit(page)
    page.wait_for_url("**/mf-recovery-codes")
    page.locator("main form[method=post] button").click()
    # "I have saved them: continue", in whichever language the site speaks by now. Recovery
    # codes are hashed one by one, slowly on purpose: a busy machine takes longer than the
    # default wait.
    page.locator("ol.recovery-codes + p a").click(timeout=60_000)


def test_a_new_city_sets_up_its_site_and_team_on_the_web(browsing, app, db):
    mailbox = app.extensions["mailman"]
    mailbox.outbox = []
    admin = browsing.new_page(javascript=False)
    admin.goto("/")
    assert urlsplit(admin.url).path == "/setup"
    admin.locator("#name").fill("City of Springfield")
    admin.locator("#email").fill("mayor@springfield.example")
    admin.locator("#password").fill(PASSPHRASE)
    admin.locator("#password_again").fill(PASSPHRASE)
    submit(admin)
    expect(admin.get_by_text("City of Springfield is set up")).to_be_visible()

    sign_in_and_set_up_two_steps(admin, "mayor@springfield.example")
    admin.get_by_role("link", name="Administration").click()
    admin.get_by_role("link", name="Team").first.click()
    admin.locator("#email").fill("clerk@springfield.example")
    admin.locator("#role").select_option("official")
    admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_text("clerk@springfield.example is invited")).to_be_visible()

    link = re.search(r"https?://\S+/invitations/\S+", mailbox.outbox[-1].body).group(0)
    official = browsing.new_page(javascript=False)
    official.goto(urlsplit(link).path)
    official.locator("#password").fill(PASSPHRASE)
    official.locator("#password_again").fill(PASSPHRASE)
    submit(official)
    sign_in_and_set_up_two_steps(official, "clerk@springfield.example")
    expect(official.get_by_role("link", name="Answers", exact=True)).to_be_visible()
    expect(official.get_by_role("link", name="Administration")).to_have_count(0)

    admin.goto("/admin/organisation")
    admin.locator("#default_locale").select_option("pt")
    for box in admin.locator("input[name=locales]").all():  # Portuguese only
        box.set_checked(box.get_attribute("value") == "pt")
    submit(admin)
    expect(admin.locator(".notice-success")).to_be_visible()
    visitor = browsing.new_page(javascript=False)
    visitor.goto("/")
    assert visitor.locator("html").get_attribute("lang") == "pt"
    screenshot(visitor, "pt", "home-after-setup")
    no_request_left_the_machine(browsing)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_first_run_and_administration_pages_have_no_wcag_violations(browsing, app, db, lang):
    page = browsing.new_page(bypass_csp=True)  # axe is injected as a script tag
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    found: dict[str, list[dict]] = {}

    def check(name: str, path: str) -> None:
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        screenshot(page, lang, name)
        found[name] = axe_violations(page)

    check("first-run", "/setup")
    page.locator("#name").fill("City of Springfield")
    page.locator("#email").fill("mayor@springfield.example")
    page.locator("#password").fill(PASSPHRASE)
    page.locator("#password_again").fill("not the same at all")
    submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    found["first-run-error"] = axe_violations(page)
    page.locator("#password").fill(PASSPHRASE)
    page.locator("#password_again").fill(PASSPHRASE)
    submit(page)
    sign_in_and_set_up_two_steps(page, "mayor@springfield.example")
    for name, path in (("admin", "/admin/"), ("admin-organisation", "/admin/organisation"),
                       ("admin-team", "/admin/team"), ("admin-system", "/admin/system")):
        check(name, path)
    page.goto("/admin/organisation")
    page.locator("#colour").fill("#ffd700")
    submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    found["admin-organisation-error"] = axe_violations(page)

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
