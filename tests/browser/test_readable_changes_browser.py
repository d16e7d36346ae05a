"""With JavaScript, a refused support says why in the support block; a commitment's changes
read as two blocks, stacked on a phone and side by side on a wide screen, in any script."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from consult.plans import drafting as plans
from consult.themes.state import live_themes
from tests.browser.support import BROWSER, screenshot
from tests.browser.test_browser_accessibility import axe_violations, describe

pytestmark = BROWSER


def test_supporting_an_idea_twice_with_javascript_says_why_on_the_page(
        browsing, create_consultation, create_submission):
    idea = create_submission(create_consultation())
    first = browsing.new_page()
    first.goto(f"/ideas/{idea.id}")
    second = first.context.new_page()  # the same browser, in another tab opened before
    second.goto(f"/ideas/{idea.id}")
    first.get_by_role("button", name="Support this idea").click()
    expect(first.locator("#support [role=status]")).to_have_text("Thank you for your support.")

    second.get_by_role("button", name="Support this idea").click()
    alert = second.locator("#support [role=alert]")
    expect(alert).to_have_text("You already support this idea.")
    expect(second.locator("#support")).to_contain_text("1 supporter")
    assert second.url.endswith(f"/ideas/{idea.id}")  # the page stayed, only the block changed
    screenshot(second, "en", "support-refused")


def test_supporting_too_often_with_javascript_says_so_in_the_support_block(
        browsing, rate_limits, monkeypatch, create_consultation, create_submission):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SUBMIT", "1 per minute")
    consultation = create_consultation()
    first, second = create_submission(consultation), create_submission(consultation)
    page = browsing.new_page()
    page.goto(f"/ideas/{first.id}")
    page.get_by_role("button", name="Support this idea").click()
    expect(page.locator("#support [role=status]")).to_be_visible()
    page.goto(f"/ideas/{second.id}")
    page.get_by_role("button", name="Support this idea").click()
    expect(page.locator("#support [role=alert]")).to_have_text(
        "You have done this too often; wait a minute and try again.")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)  # no error page inside


@pytest.fixture
def revised(db, plan, clustered):
    """A published commitment whose action was reworded in Arabic."""
    consultation, _, facilitator = clustered
    theme = min(live_themes(db.session, consultation.id), key=lambda t: t.id)
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    plans.edit(db.session, facilitator, commitment, {"action": "نشر بيانات الميزانية كل شهر"},
               "صياغة أولى")
    plans.edit(db.session, facilitator, commitment,
               {"action": "نشر بيانات الميزانية كاملة كل أسبوع"}, "صياغة أدق")
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    return commitment


def test_changes_read_before_and_after_in_arabic_at_360_px_and_on_a_wide_screen(browsing,
                                                                                revised):
    page = browsing.new_page()
    page.goto(f"/commitments/{revised.id}")
    latest = page.locator("details", has=page.locator("dl.diff")).first  # newest first
    latest.locator("summary").click()
    change = latest.locator("dl.text-change")
    before, after = change.locator("dd").nth(0), change.locator("dd").nth(1)
    expect(change.locator("dt")).to_have_text(["Before", "After"])
    expect(before.locator("del")).to_have_text("شهر")
    expect(after.locator("ins")).to_have_text(["كاملة", "أسبوع"])
    for block in (before, after):  # an English page; the Arabic text reads right to left
        assert block.evaluate("e => getComputedStyle(e).direction") == "rtl"
    ins = after.locator("ins").first
    assert ins.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert int(ins.evaluate("e => getComputedStyle(e).fontWeight")) >= 700
    assert "line-through" in before.locator("del").evaluate(
        "e => getComputedStyle(e).textDecorationLine")
    assert before.bounding_box()["y"] < after.bounding_box()["y"]  # stacked on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    change.scroll_into_view_if_needed()
    screenshot(page, "en", "commitment-changes-phone")

    page.set_viewport_size({"width": 1280, "height": 800})
    assert abs(before.bounding_box()["y"] - after.bounding_box()["y"]) < 1  # side by side
    change.scroll_into_view_if_needed()
    screenshot(page, "en", "commitment-changes-wide")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_changes_have_no_wcag_violations(browsing, revised, lang):
    page = browsing.new_page(bypass_csp=True)  # axe is injected as a script tag
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    page.goto(f"/commitments/{revised.id}")
    for summary in page.locator("details:has(dl.diff) > summary").all():
        summary.click()
    expect(page.locator("dl.text-change").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(f"commitment-{lang}", violations)
