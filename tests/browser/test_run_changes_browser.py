"""A facilitator reads what a re-run changed and puts a move back, in a real browser, in
English and Arabic; then ticks ideas on a theme's page and moves them at once. axe-core checks
both pages; screenshots in test-output/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from consult.themes.state import current_memberships, live_themes
from tests.browser.support import (
    BROWSER,
    no_request_left_the_machine,
    open_and_check,
    pages_in,
    screenshot,
    translate,
)
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.themes.test_run_changes import rerun

pytestmark = BROWSER


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_move_is_put_back_and_ideas_are_moved_together(browsing, db, clustered, lang):
    consultation, first, facilitator = clustered
    a, b, _c = sorted(live_themes(db.session, consultation.id), key=lambda theme: theme.id)
    members = current_memberships(db.session, consultation.id)
    of_a = sorted(s for s, t in members.items() if t == a.id)
    second = rerun(db, consultation, first, {of_a[0]: b.id, of_a[1]: b.id})
    facilitating, _public = pages_in(browsing, lang, facilitator)
    found = {}

    open_and_check(facilitating, lang, "run-changes", f"/facilitate/runs/{second.id}/changes")
    found["run-changes"] = axe_violations(facilitating)
    facilitating.get_by_role("button", name=f"{translate(lang, 'Put it back')} #{of_a[0]}"
                             ).click()
    expect(facilitating.get_by_text(translate(lang, "The idea is moved."))).to_be_visible()
    db.session.commit()
    assert current_memberships(db.session, consultation.id)[of_a[0]] == a.id

    open_and_check(facilitating, lang, "theme-bulk", f"/facilitate/themes/{a.id}")
    for idea in of_a[2:5]:
        facilitating.locator(f"#pick-{idea}").check()
    facilitating.locator("#bulk-move").check()
    facilitating.locator("#bulk-theme").select_option(str(b.id))
    with facilitating.expect_navigation():
        facilitating.locator("fieldset.bulk button[type=submit]").click()
    expect(facilitating.locator("h1")).to_have_text(a.label)
    expect(facilitating.locator(".notice-success[role=status]")).to_contain_text("3")
    screenshot(facilitating, lang, "theme-bulk-done")
    found["theme-bulk"] = axe_violations(facilitating)
    db.session.commit()
    moved = current_memberships(db.session, consultation.id)
    assert all(moved[idea] == b.id for idea in of_a[2:5])

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    no_request_left_the_machine(browsing)
