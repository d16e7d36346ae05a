"""A resident shares an idea in a real browser: with and without JavaScript, and in Arabic."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import BROWSER, translate

pytestmark = BROWSER

IDEA = "Plant fruit trees along the river path so children can pick them"


def share_an_idea(page, consultation, lang: str) -> None:
    """Home → consultation → form → receipt → tracking link → the consultation's ideas."""
    page.goto("/")
    if lang != "en":
        page.locator("footer").get_by_role("link", name="العربية").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_role("link", name=consultation.title).click()
    page.get_by_role("link", name=translate(lang, "Share your idea")).click()
    page.get_by_label(translate(lang, "Your idea"), exact=True).fill(IDEA)
    page.get_by_role("button", name=translate(lang, "Send my idea")).click()

    page.wait_for_url(re.compile(r"/track/.+received=1"))
    expect(page.get_by_role(
        "heading", name=translate(lang, "Thank you, your idea was received")
    )).to_be_visible()
    page.locator(".tracking-link a").click()
    page.wait_for_url(re.compile(r"/track/[^?]+$"))
    expect(page.get_by_role("heading", level=1, name=translate(lang, "Your idea"))).to_be_visible()

    page.get_by_role("link", name=translate(lang, "See all ideas of this consultation")).click()
    page.wait_for_url(re.compile(rf"/consultations/{consultation.id}/ideas$"))
    expect(page.get_by_text(IDEA)).to_have_count(1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_resident_shares_an_idea_and_follows_it(browsing, create_consultation, javascript):
    consultation = create_consultation(title="Greener riverside")
    page = browsing.new_page(javascript=javascript)
    share_an_idea(page, consultation, "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert browsing.external_requests() == []


def test_resident_shares_an_idea_in_arabic_without_javascript(browsing, create_consultation):
    consultation = create_consultation(title="ضفاف نهر أكثر خضرة")
    page = browsing.new_page(javascript=False)
    share_an_idea(page, consultation, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert browsing.external_requests() == []


def test_resident_switches_language_from_the_ideas_page(browsing, create_consultation,
                                                        create_submission):
    consultation = create_consultation()
    create_submission(consultation)
    page = browsing.new_page(javascript=False)
    page.goto(f"/consultations/{consultation.id}/ideas")
    # The ideas' own languages (a filter) once hid the site's languages from the switcher.
    page.locator("footer").get_by_role("link", name="العربية").click(timeout=2_000)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
