"""Two-step sign-in in a real browser: a facilitator sets up an authenticator app (without
JavaScript: the QR code is an image in the page), saves recovery codes, signs out and signs in
again with a code. The test computes the codes as the app would, from the key on the page or
the secret stored for the account. axe-core checks every two-step page in English and Arabic.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.support import BROWSER, no_request_left_the_machine, screenshot
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.fixtures.factories import PASSWORD
from tests.fixtures.two_factor import authenticator_code, code_from_key

pytestmark = BROWSER


def submit(page) -> None:
    page.locator("main form button[type=submit]").first.click()


def password_step(page, user) -> None:
    page.goto("/login")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#submit").click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/login")


def test_a_facilitator_sets_up_the_app_then_signs_in_with_a_code(browsing, db, create_user):
    facilitator = create_user("facilitator", two_factor=False)
    page = browsing.new_page(javascript=False)
    password_step(page, facilitator)
    assert urlsplit(page.url).path == "/tf-setup"
    submit(page)  # "Set up an authenticator app"

    qr = page.locator("#qrcode")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert page.evaluate("document.getElementById('qrcode').naturalWidth") > 0
    key = page.locator("#authenticator-key").inner_text()
    page.locator("#code").fill(code_from_key(key))
    submit(page)  # "Turn on two-step sign-in"

    page.wait_for_url("**/mf-recovery-codes")
    page.get_by_role("button", name="Create new recovery codes").click()
    codes = page.locator("ol.recovery-codes li")
    expect(codes).to_have_count(8)
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.get_by_role("heading", name="Sign-in and security")).to_be_visible()
    expect(page.get_by_text("On: you sign in with your password and a code")).to_be_visible()

    page.get_by_role("button", name="Sign out").first.click()
    password_step(page, facilitator)
    assert urlsplit(page.url).path == "/tf-validate"
    page.locator("#code").fill(authenticator_code(facilitator))
    submit(page)
    expect(page.get_by_role("link", name="Facilitation")).to_be_visible()
    no_request_left_the_machine(browsing)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_two_step_pages_have_no_wcag_violations(browsing, db, create_user, lang):
    facilitator = create_user("facilitator", two_factor=False)
    page = browsing.new_page(bypass_csp=True)  # axe is injected as a script tag
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    found: dict[str, list[dict]] = {}

    def check(name: str) -> None:
        expected_dir = "rtl" if lang == "ar" else "ltr"
        assert page.locator("html").get_attribute("dir") == expected_dir, name
        screenshot(page, lang, name)
        found[name] = axe_violations(page)

    password_step(page, facilitator)
    check("two-step-setup")
    submit(page)
    check("two-step-qr-code")
    key = page.locator("#authenticator-key").inner_text()
    page.locator("#code").fill("000000" if code_from_key(key) != "000000" else "111111")
    submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    check("two-step-wrong-code")
    page.locator("#code").fill(code_from_key(key))
    submit(page)
    page.wait_for_url("**/mf-recovery-codes")
    check("recovery-codes")
    page.locator("main form[method=post] button").click()
    expect(page.locator("ol.recovery-codes li")).to_have_count(8)
    check("recovery-codes-shown")
    page.goto("/me/security")
    check("sign-in-and-security")

    page.locator("header form button").click()  # sign out
    password_step(page, facilitator)
    check("two-step-code")
    page.goto("/mf-recovery")
    check("recovery-code-sign-in")

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    no_request_left_the_machine(browsing)
