"""axe-core finds no WCAG 2.2 A/AA violation on the accountability pages, in English and
Arabic (right to left)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser.support import BROWSER, screenshot
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.fixtures.accountability_data import build_answered

pytestmark = BROWSER


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_accountability_pages_have_no_wcag_violations(browsing, db, create_consultation,
                                                      create_submission, lang):
    data = build_answered(db, create_consultation, create_submission, closed_days_ago=61)
    data.consultation.closes_at -= timedelta(days=1)
    db.session.commit()
    base = f"/consultations/{data.consultation.id}/you-said-we-did"
    pages = {"report": base, "report-ideas": f"{base}/ideas?theme={data.themes['Cycling'].id}",
             "report-print": f"{base}/print", "overdue": "/answers/overdue"}
    page = browsing.new_page(bypass_csp=True)
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    found = {}
    for name, path in pages.items():
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        screenshot(page, lang, name)
        found[name] = axe_violations(page)
    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    assert browsing.external_requests() == []
