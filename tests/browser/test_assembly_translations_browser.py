"""A facilitator writes the assembly's categories in Arabic on a phone, is told which line does
not fit, then residents reading Arabic volunteer with the Arabic names. axe-core checks the
set-up page with the refusal; the translations section is saved as a 360×640 screenshot."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import (
    BROWSER,
    OVERFLOWING,
    no_request_left_the_machine,
    pages_in,
    screenshot,
    translate,
)
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.fixtures.assembly_pages import publish

pytestmark = BROWSER

ARABIC = "العمر: ١٦-٣٩, ٤٠-٦٤, ٦٥ فأكثر\nالجنس: امرأة, رجل"


def test_categories_translated_into_arabic_reach_the_volunteer_form(browsing, db, assembly,
                                                                    assembly_plan):
    publish(db, assembly)
    facilitating, public = pages_in(browsing, "ar", assembly_plan[1])
    facilitating.goto(f"/facilitate/plans/{assembly.plan_id}/assembly")
    section = facilitating.locator("#translations")
    section.get_by_label("العربية").fill("العمر: ١٦-٣٩, ٤٠-٦٤, ٦٥ فأكثر\nالجنس: امرأة")
    section.locator("button[type=submit]").click()

    summary = facilitating.locator(".error-summary")
    expect(summary).to_be_visible()
    refusal = summary.locator("a[href='#labels_ar']")
    expect(refusal).to_contain_text("gender")  # the category as typed, named in Arabic
    expect(refusal).to_contain_text("woman, man")
    expect(facilitating.locator("#labels_ar-error")).to_be_visible()
    assert facilitating.title().startswith(translate("ar", "Error:"))
    assert facilitating.evaluate(OVERFLOWING) == []
    violations = axe_violations(facilitating)
    assert not violations, describe("assembly-translations-refused", violations)

    section.get_by_label("العربية").fill(ARABIC)
    section.locator("button[type=submit]").click()
    expect(facilitating.locator(".notice-success")).to_be_visible()
    facilitating.locator("#translations").scroll_into_view_if_needed()
    screenshot(facilitating, "ar", "assembly-translations")

    public.goto(f"/assemblies/{assembly.id}/volunteer")
    expect(public.get_by_label("الجنس")).to_be_visible()
    expect(public.locator("#category_0 option[value='65+']")).to_have_text("٦٥ فأكثر")
    public.goto(f"/assemblies/{assembly.id}")
    expect(public.locator("caption").first).to_have_text("العمر")
    assert public.evaluate(OVERFLOWING) == []
    no_request_left_the_machine(browsing)
