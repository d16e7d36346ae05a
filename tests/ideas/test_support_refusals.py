"""A refused support says why, in the support block, with and without htmx; status kept."""

import json
import re

import pytest

from consult.models import Phase
from tests.fixtures.clients import csrf_token

HTMX = {"HX-Request": "true"}


def support(client, idea, htmx=False):
    token = csrf_token(client, f"/ideas/{idea.id}")
    return client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token},
                       headers=HTMX if htmx else {})


def test_second_support_with_htmx_answers_the_support_block_with_an_alert(
        client, create_consultation, create_submission):
    idea = create_submission(create_consultation())
    support(client, idea, htmx=True)
    response = support(client, idea, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "<html" not in html and 'id="support-box"' in html
    assert '<p class="notice notice-error" role="alert">You already support this idea.</p>' in html
    assert "1 supporter" in html


def test_second_support_without_javascript_shows_the_page_with_the_reason(
        client, create_consultation, create_submission):
    idea = create_submission(create_consultation())
    support(client, idea)
    response = support(client, idea)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "<html" in html
    assert '<p class="notice notice-error" role="alert">You already support this idea.</p>' in html


def test_support_thanks_is_a_status_not_an_alert(client, create_consultation, create_submission):
    idea = create_submission(create_consultation())
    html = support(client, idea, htmx=True).get_data(as_text=True)
    assert '<p class="notice" role="status">Thank you for your support.</p>' in html
    assert 'role="alert"' not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_support_refused_when_closed_says_why_in_the_block(client, create_consultation,
                                                           create_submission, htmx):
    idea = create_submission(create_consultation(phase=Phase.CLOSED))
    response = client.post(f"/ideas/{idea.id}/support", headers=HTMX if htmx else {},
                           data={"csrf_token": csrf_token(client, f"/ideas/{idea.id}")})
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert ('role="alert">This consultation is closed: ideas can no longer be supported.</p>'
            in html)
    assert ("<html" in html) is not htmx


def test_support_too_often_with_htmx_is_a_small_fragment_with_a_plain_message(
        app, rate_limits, monkeypatch, create_consultation, create_submission):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SUBMIT", "1 per minute")
    consultation = create_consultation()
    first, second = create_submission(consultation), create_submission(consultation)
    client = app.test_client()
    assert support(client, first, htmx=True).status_code == 200
    response = support(client, second, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "<html" not in html and "<h1" not in html and "<h2" not in html
    assert 'role="alert"' in html
    assert "You have done this too often; wait a minute and try again." in html


def test_support_too_often_without_javascript_is_the_full_error_page(
        app, rate_limits, monkeypatch, create_consultation, create_submission):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SUBMIT", "1 per minute")
    consultation = create_consultation()
    first, second = create_submission(consultation), create_submission(consultation)
    client = app.test_client()
    assert support(client, first).status_code == 302
    response = support(client, second)
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "<html" in html and "Too many requests" in html
    assert "Please wait a minute and try again." in html
    assert "What you sent" not in html  # a button sends nothing to copy


def test_too_often_with_htmx_keeps_what_was_typed_to_copy(
        app, rate_limits, monkeypatch, create_consultation, create_submission):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SUBMIT", "1 per minute")
    idea = create_submission(create_consultation())
    client = app.test_client()
    for _ in range(2):
        response = client.post(f"/ideas/{idea.id}/flag", headers=HTMX, data={
            "csrf_token": csrf_token(client, f"/ideas/{idea.id}"), "reason": "spam",
            "note": "Posted <twice> by a bot"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "You have done this too often; wait a minute and try again." in html
    assert "What you sent" in html and "Posted &lt;twice&gt; by a bot</textarea>" in html


def test_pages_let_htmx_show_refusals_but_never_a_server_error(client, create_consultation,
                                                               create_submission):
    idea = create_submission(create_consultation())
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)[1])

    def swapped(status: int) -> bool:
        rule = next(rule for rule in config["responseHandling"]
                    if re.search(rule["code"], str(status)))
        return rule["swap"]

    assert config["allowEval"] is False
    assert [swapped(code) for code in (200, 204, 403, 409, 422, 429)] == [
        True, False, True, True, True, True]
    assert not any(swapped(code) for code in (500, 502, 503))
