"""The text-message pages in a real browser: axe-core finds no WCAG A/AA violation on the
administrators' page (with its error summary) and on the code form, in English and Arabic;
without JavaScript, a gateway is added and a code looked up."""

from __future__ import annotations

import pytest

from consult.ideas.channels.models import GatewayKind
from consult.models import Phase
from tests.browser.support import BROWSER, sign_in
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.ideas.channels.conftest import reply_of, twilio_post
from tests.ideas.channels.test_webhook import IDEA, code_in

pytestmark = BROWSER


@pytest.fixture
def channels(db, client, create_consultation, create_gateway, create_route):
    """A gateway with its route, an idea received and a message held for the team."""
    gateway = create_gateway(GatewayKind.TWILIO, name="City SMS")
    create_route(gateway, create_consultation(Phase.OPEN, title="Greener riverside"))
    closed = create_consultation(Phase.CLOSED, title="Old consultation")
    create_route(gateway, closed, number="+15550188888")
    code = code_in(reply_of(twilio_post(client, gateway, IDEA)))
    twilio_post(client, gateway, "Light the footbridge at night please", to="+15550188888")
    return code


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_channel_pages_have_no_wcag_violations(browsing, create_user, channels, lang):
    admin = create_user("admin")
    page = browsing.new_page(bypass_csp=True)
    sign_in(page, admin)
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    found = {}
    page.goto("/admin/channels/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    found["settings"] = axe_violations(page)
    page.locator("form[action$='/admin/channels/gateways'] button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    found["settings-errors"] = axe_violations(page)
    page.goto("/track-code")
    page.locator("#code").fill(channels)
    page.locator("main form button[type=submit]").click()
    page.locator(".panel-confirmation").wait_for()
    found["code-status"] = axe_violations(page)
    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    assert browsing.external_requests() == []


def test_without_javascript_a_gateway_is_added_and_a_code_looked_up(browsing, create_user,
                                                                    channels):
    admin = create_user("admin")
    page = browsing.new_page(javascript=False)
    sign_in(page, admin)
    page.goto("/admin/channels/")
    page.locator("#name").fill("WhatsApp line")
    page.locator("#kind").select_option("hmac")
    page.locator("#channel").select_option("whatsapp")
    page.locator("#secret").fill("a-shared-key-of-some-length")
    page.locator("form[action$='/admin/channels/gateways'] button[type=submit]").click()
    page.wait_for_url("**/admin/channels/")
    assert page.get_by_text("The gateway is saved.").is_visible()
    assert page.get_by_role("row", name="WhatsApp line").is_visible()
    public = browsing.new_page(javascript=False)
    public.goto("/track-code")
    public.locator("#code").fill(channels.lower())
    public.locator("main form button[type=submit]").click()
    assert public.get_by_text(f"Idea {channels}: published, waiting for an answer.").is_visible()
