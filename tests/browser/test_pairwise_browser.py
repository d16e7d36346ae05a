"""Comparing pairs in a real browser, with JavaScript off and on, and the pairwise pages
checked by axe-core in English and Arabic."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult.models import Phase, Theme
from consult.pairwise import rounds
from consult.pairwise.models import PairwiseVote, Subject
from tests.browser.support import BROWSER, OVERFLOWING, screenshot, sign_in
from tests.browser.test_browser_accessibility import axe_violations, describe

pytestmark = BROWSER

THEMES = ("Safer cycling to school", "Greener parks and shade trees", "Fewer potholes",
          "Libraries open on Sundays")


@pytest.fixture
def compared(db, create_consultation, create_user):
    """A consultation being analysed, its themes, and a round open on them."""
    consultation = create_consultation(Phase.ANALYSIS, title="Greener riverside")
    db.session.add_all(Theme(consultation_id=consultation.id, label=label,
                             description=f"Residents' ideas: {label.lower()}.")
                       for label in THEMES)
    facilitator = create_user("facilitator")
    round_ = rounds.open_round(db.session, facilitator, consultation, Subject.THEMES)
    db.session.commit()
    return consultation, round_, facilitator


@pytest.mark.parametrize("javascript", [False, True])
def test_a_resident_compares_pairs_on_a_phone(browsing, db, compared, javascript):
    consultation, _, _ = compared
    page = browsing.new_page(javascript=javascript)
    page.goto(f"/consultations/{consultation.id}")
    page.get_by_role("link", name="Which matters more to you? Compare them two at a time").click()
    page.get_by_text("You have answered 0 pairs.").wait_for()
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
    page.locator("#pair .card button").first.click()
    page.get_by_text("You have answered 1 pair.").wait_for()
    page.get_by_role("button", name="I can't decide").click()
    page.get_by_text("You have answered 2 pairs.").wait_for()
    assert page.locator("#pair .card button").count() == 2
    if javascript:  # htmx changed the pair box only: the page was never reloaded
        assert page.evaluate("window.stillTheSamePage") is True
    assert page.evaluate(OVERFLOWING) == []
    screenshot(page, "en", f"pairwise-{'js' if javascript else 'no-js'}")
    db.session.rollback()  # read what the browser wrote, not this session's older snapshot
    assert db.session.scalar(select(func.count(PairwiseVote.id))) == 2
    assert db.session.scalar(select(func.count(PairwiseVote.winner_item_id))) == 1
    assert browsing.external_requests() == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pairwise_pages_have_no_wcag_violations(browsing, db, compared, lang):
    consultation, round_, facilitator = compared
    rounds.publish_round(db.session, facilitator, round_)
    db.session.commit()
    cookie = [{"name": "locale", "value": lang, "url": browsing.base_url}]
    public = browsing.new_page(bypass_csp=True)
    public.context.add_cookies(cookie)
    staff = browsing.new_page(bypass_csp=True)
    sign_in(staff, facilitator)
    staff.context.add_cookies(cookie)
    found = {}
    for name, page, path in (
            ("pairwise-compare", public, f"/consultations/{consultation.id}/pairwise"),
            ("pairwise-results", public,
             f"/consultations/{consultation.id}/pairwise/{round_.id}/results"),
            ("pairwise-manage", staff, f"/facilitate/consultations/{consultation.id}/pairwise")):
        response = page.goto(path)
        assert response.status == 200, name
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.evaluate(OVERFLOWING) == [], name
        screenshot(page, lang, name)
        found[name] = axe_violations(page)
    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
