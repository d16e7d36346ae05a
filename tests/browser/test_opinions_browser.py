"""Voting on ideas in a real browser, with JavaScript off and on, and the opinion map checked by
axe-core in English and Arabic."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult.models import OpinionVote
from tests.browser.support import BROWSER, screenshot, translate
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.opinions.planted import IDEAS, planted_consultation
from tests.opinions.test_computing import compute

pytestmark = BROWSER


@pytest.mark.parametrize("javascript", [False, True])
def test_a_resident_votes_one_idea_after_another_on_a_phone(browsing, db, create_consultation,
                                                            create_submission, javascript):
    consultation, _ = planted_consultation(db, create_consultation, create_submission)
    page = browsing.new_page(javascript=javascript)
    page.goto(f"/consultations/{consultation.id}/vote")
    progress = page.locator("#voting .meta")
    assert progress.inner_text() == f"You have voted on 0 of {IDEAS} ideas."
    for voted in range(1, 3):
        page.get_by_role("button", name="Disagree").click()
        page.get_by_text(f"You have voted on {voted} of {IDEAS} ideas.").wait_for()
    screenshot(page, "en", f"vote-mode-{'js' if javascript else 'no-js'}")
    db.session.rollback()  # read what the browser wrote, not this session's older snapshot
    counted = db.session.scalar(select(func.count(OpinionVote.id)).where(
        OpinionVote.consultation_id == consultation.id, OpinionVote.user_id.is_(None),
        OpinionVote.voter_key.not_like("bloc%")))
    assert counted == 2


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_opinion_pages_have_no_wcag_violations(browsing, db, create_consultation,
                                                   create_submission, lang):
    consultation, ideas = planted_consultation(db, create_consultation, create_submission)
    compute(db, consultation)
    page = browsing.new_page(bypass_csp=True)
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    found = {}
    for name, path in {"opinions": f"/consultations/{consultation.id}/opinions",
                       "vote-mode": f"/consultations/{consultation.id}/vote",
                       "idea-with-groups": f"/ideas/{ideas[0].id}"}.items():
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        screenshot(page, lang, name)
        found[name] = axe_violations(page)
    page.goto(f"/consultations/{consultation.id}/opinions")
    assert page.get_by_role("heading", name=translate(lang, "Common ground")).count() == 1
    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
