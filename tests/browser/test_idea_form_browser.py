"""The idea form's character counter on a 360 px phone: it follows typing, turns to an error
past the limit without cutting a pasted text, counts in the reader's numbers, and is not
needed without JavaScript."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import BROWSER

pytestmark = BROWSER

ERROR_RED = "rgb(176, 0, 32)"  # --error in consult.css


def open_form(browsing, consultation, javascript: bool = True, lang: str | None = None):
    page = browsing.new_page(javascript=javascript)
    if lang:
        page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    page.goto(f"/consultations/{consultation.id}/ideas/new")
    return page


def test_counter_follows_typing_and_turns_to_an_error_past_the_limit(browsing,
                                                                    create_consultation):
    page = open_form(browsing, create_consultation())
    counter, text = page.locator("#text-counter"), page.locator("#text")
    expect(counter).to_have_text("0 of 2,000 characters")
    text.press_sequentially("Plant trees")
    expect(counter).to_have_text("11 of 2,000 characters")
    expect(counter).not_to_have_class("counter counter-over")
    assert "text-counter" in text.get_attribute("aria-describedby")

    pasted = "Shade for the market square. " * 80  # 2,319 characters once trimmed
    text.fill(pasted)
    expect(counter).to_have_text(
        "2,319 of 2,000 characters: too long. Shorten your idea to send it.")
    expect(counter).to_have_class("counter counter-over")
    expect(counter).to_have_css("color", ERROR_RED)
    expect(page.locator("#text-counter-status")).to_have_text(
        "2,319 of 2,000 characters: too long. Shorten your idea to send it.")
    assert len(text.input_value()) == len(pasted)  # nothing cut

    page.get_by_role("button", name="Send my idea").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Your idea has 2,319 characters; the limit is 2,000. Shorten it: your text is kept below.")
    assert text.input_value() == pasted.strip()
    expect(counter).to_have_class("counter counter-over")

    text.fill("Plant trees along the river path")
    expect(counter).to_have_text("32 of 2,000 characters")
    expect(page.locator("#text-counter-status")).to_have_text("32 of 2,000 characters")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 360


def test_counter_counts_in_the_readers_numbers(browsing, create_consultation):
    page = open_form(browsing, create_consultation(), lang="es")
    page.locator("#text").fill("x" * 1950)
    expect(page.locator("#text-counter")).to_contain_text("1.950")
    expect(page.locator("#text-counter")).to_contain_text("2.000")
    expect(page.locator("#text-counter-status")).to_contain_text("1.950")  # near the limit


def test_without_javascript_the_hint_says_the_limits_and_no_counter_shows(browsing,
                                                                        create_consultation):
    page = open_form(browsing, create_consultation(), javascript=False)
    expect(page.locator("#text-hint")).to_have_text(
        "Between 10 and 2,000 characters. Write in any language.")
    expect(page.locator("#text-counter")).to_be_hidden()
