"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any public or resident page.

Each page is also saved as a 360×640 screenshot in test-output/screenshots/<lang>-<name>.png.
"""

from __future__ import annotations

import json

import pytest
from flask_security.recoverable import generate_reset_password_token

from consult.core.tokens import tracking_token
from tests.browser.support import AXE, BROWSER, HOST, screenshot, translate

pytestmark = BROWSER

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"


def public_pages(consultation, submission) -> dict[str, str]:
    token = tracking_token(submission.id, submission.tracking_nonce)
    return {
        "home": "/",
        "consultations": "/consultations/",
        "consultation": f"/consultations/{consultation.id}",
        "ideas": f"/consultations/{consultation.id}/ideas",
        "idea-form": f"/consultations/{consultation.id}/ideas/new",
        "idea": f"/ideas/{submission.id}",
        "tracking": f"/track/{token}",
        "login": "/login",
        "register": "/register",
        "code-sign-in": "/us-signin",
        "forgot-password": "/reset",
        "privacy": "/pages/privacy",
        "accessibility": "/pages/accessibility",
        "terms": "/pages/terms",
        "not-found": "/no-such-page",
    }


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, WCAG_TAGS)["violations"]


def describe(name: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {json.dumps(node['target'])} {node['html'][:200]}")
            lines.append(f"      {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pages_have_no_wcag_violations(browsing, create_consultation, create_submission,
                                      create_user, lang):
    consultation = create_consultation(title="Greener riverside", areas=["North", "South"])
    submission = create_submission(consultation, text="Plant more trees along the river")
    # axe is injected as a script tag, which the site's strict CSP would rightly refuse.
    page = browsing.new_page(bypass_csp=True)
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    expected_dir = "rtl" if lang == "ar" else "ltr"

    found: dict[str, list[dict]] = {}
    for name, path in public_pages(consultation, submission).items():
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == expected_dir, name
        screenshot(page, lang, name)
        found[name] = axe_violations(page)

    page.goto(public_pages(consultation, submission)["idea-form"])
    page.get_by_role("button", name=translate(lang, "Send my idea")).click()
    page.locator(".error-summary").wait_for()
    screenshot(page, lang, "idea-form-errors")
    found["idea-form-errors"] = axe_violations(page)

    page.goto("/login")
    page.locator("form[name=login_user_form] button[type=submit]").click()
    page.locator(".error-summary[role=alert]").wait_for()
    screenshot(page, lang, "login-errors")
    found["login-errors"] = axe_violations(page)

    page.goto(f"/reset/{generate_reset_password_token(create_user('resident'))}")
    screenshot(page, lang, "new-password")
    found["new-password"] = axe_violations(page)

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    print(report)
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    assert all(HOST in url for url in browsing.requests) and browsing.external_requests() == []
