"""Quoting a passage of an idea in a real browser: with JavaScript, selecting words in the
idea's text fills the passage's character offsets (counted in the text as stored, line ends
and emoji included); without it, the offsets are typed. A refused passage is shown on its
field. axe-core checks the editor with the idea's text shown, a selection made, and a refusal.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from consult.models import ProvenanceLink
from consult.plans import drafting as plans
from consult.themes.state import live_themes
from tests.browser.support import (
    BROWSER,
    OVERFLOWING,
    no_request_left_the_machine,
    open_details,
    screenshot,
    sign_in,
    translate,
)
from tests.browser.test_browser_accessibility import axe_violations, describe

pytestmark = BROWSER

TEXT = "Safer crossings 🚸 near schools.\r\nAnd lights\n\nat night."

# Select from `fromAt` UTF-16 units into the `from` piece to `toAt` units into the `to` piece;
# `to` may be any element of the page (a selection that runs past the idea's text).
SELECT = """([from, fromAt, to, toAt]) => {
  const text = (selector) => document.querySelector(selector).firstChild;
  const range = document.createRange();
  range.setStart(text(from), fromAt);
  range.setEnd(text(to), toAt);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


@pytest.fixture
def quoting(db, plan, clustered, create_submission):
    """A draft commitment from the first theme and an idea to quote; (commitment, idea,
    facilitator)."""
    consultation, _, facilitator = clustered
    theme = sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)[0]
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    idea = create_submission(consultation, TEXT)
    db.session.commit()
    return commitment, idea, facilitator


def show_the_idea(page, commitment, idea) -> None:
    page.goto(f"/facilitate/commitments/{commitment.id}")
    open_details(page, "Add a link")
    page.get_by_label("Idea to quote from, by its number").fill(str(idea.id))
    page.get_by_role("button", name="Show its text").click()
    page.wait_for_url(f"**/facilitate/commitments/{commitment.id}?quote={idea.id}#add-link")
    expect(page.locator("#passage-source")).to_contain_text("And lights")
    expect(page.get_by_label("Or an idea, by its number")).to_have_value(str(idea.id))


def passage_links(db, idea) -> list[tuple[int, int, str]]:
    db.session.commit()  # a new transaction: see what the live server committed
    return [(link.passage_start, link.passage_end, link.passage)
            for link in db.session.query(ProvenanceLink).filter_by(submission_id=idea.id)
            .order_by(ProvenanceLink.id)]


def test_a_facilitator_links_a_passage_by_selecting_it(browsing, db, quoting):
    commitment, idea, facilitator = quoting
    page = browsing.new_page(javascript=True)
    sign_in(page, facilitator)
    show_the_idea(page, commitment, idea)
    expect(page.locator("#passage-hint")).to_be_visible()

    # "near" (after the emoji, two UTF-16 units) to "And", across the stored CR LF.
    page.evaluate(SELECT, ["[data-at='0']", 19, "[data-at='33']", 3])
    expect(page.get_by_label("Passage from character (optional)")).to_have_value("18")
    expect(page.get_by_label("to character")).to_have_value("36")
    preview = page.locator("#passage-preview")
    expect(preview).to_contain_text("Characters 18 to 36 selected:")
    expect(preview.locator("mark")).to_contain_text("near schools.")

    # A selection that runs past the end of the text keeps the part within the text.
    page.evaluate(SELECT, ["[data-at='45']", 3, "label[for=passage_start]", 4])
    expect(page.get_by_label("Passage from character (optional)")).to_have_value("48")
    expect(page.get_by_label("to character")).to_have_value("54")

    page.evaluate(SELECT, ["[data-at='0']", 19, "[data-at='33']", 3])
    page.get_by_label("How did this input shape the commitment?").fill("Crossings near schools")
    page.get_by_role("button", name="Add the link").click()
    expect(page.get_by_text("The link is added.")).to_be_visible()
    passage = page.locator("ul.idea-list > li", has_text=f"Passage of idea {idea.id}:")
    expect(passage.locator("mark")).to_contain_text("near schools.")
    assert passage_links(db, idea) == [(18, 36, "near schools.\r\nAnd")]
    no_request_left_the_machine(browsing)


def test_without_javascript_the_offsets_are_typed(browsing, db, quoting):
    commitment, idea, facilitator = quoting
    page = browsing.new_page(javascript=False)
    sign_in(page, facilitator)
    show_the_idea(page, commitment, idea)
    expect(page.locator("#passage-hint")).to_be_hidden()
    statuses = []
    page.on("response", lambda response: statuses.append(response.status)
            if response.request.method == "POST" else None)

    page.get_by_label("Passage from character (optional)").fill("50")
    page.get_by_label("to character").fill("80")
    page.get_by_role("button", name="Add the link").click()
    message = "The passage must lie within the idea's 54 characters."
    expect(page.locator(".error-summary")).to_contain_text(message)
    expect(page.locator("#passage_end-error")).to_contain_text(message)
    expect(page.locator("#passage-source")).to_contain_text("at night.")  # to pick again

    page.get_by_label("Passage from character (optional)").fill("33")
    page.get_by_label("to character").fill("43")
    page.get_by_role("button", name="Add the link").click()
    expect(page.get_by_text("The link is added.")).to_be_visible()
    assert statuses == [400, 302]
    assert passage_links(db, idea) == [(33, 43, "And lights")]
    no_request_left_the_machine(browsing)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_passage_picker_has_no_wcag_violations(browsing, db, quoting, lang):
    commitment, idea, facilitator = quoting
    # axe is injected as a script tag, which the site's strict CSP would rightly refuse.
    page = browsing.new_page(javascript=True, bypass_csp=True)
    sign_in(page, facilitator)
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    found = {}
    page.goto(f"/facilitate/commitments/{commitment.id}?quote={idea.id}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    page.evaluate(SELECT, ["[data-at='33']", 0, "[data-at='33']", 10])
    expect(page.locator("#passage-preview mark")).to_have_text("And lights")
    assert page.evaluate(OVERFLOWING) == []
    page.locator("#passage-source").scroll_into_view_if_needed()
    screenshot(page, lang, "passage-picker")
    found["passage-picker"] = axe_violations(page)

    page.locator("#passage_start").fill("9")
    page.locator("#passage_end").fill("3")
    page.locator("form:has(#passage_end) button[type=submit]").click()
    expect(page.locator("#passage_end-error")).to_contain_text(
        translate(lang, "The passage must end after it starts."))
    assert page.title().startswith(f"{translate(lang, 'Error:')} {commitment.title}")
    page.locator("#passage_end").scroll_into_view_if_needed()
    screenshot(page, lang, "passage-picker-error")
    found["passage-picker-error"] = axe_violations(page)

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    no_request_left_the_machine(browsing)
