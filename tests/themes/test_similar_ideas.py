"""Similar ideas on the idea form: the fragment consult.js fetches, and the no-JS preview."""

from __future__ import annotations

import re

import pytest

from consult.models import Phase, Submission
from consult.themes import clustering
from tests.fixtures.clients import csrf_token
from tests.fixtures.themes import THEMES

CYCLING_TEXT = "We need safer bike lanes so people can cycle to work"


@pytest.fixture
def consultation(db, use_model, themed_consultation):
    """The themed consultation once the background job has embedded its ideas."""
    clustering.embed_missing(db.session, themed_consultation.id)
    db.session.commit()
    return themed_consultation


def similar_path(consultation) -> str:
    return f"/consultations/{consultation.id}/ideas/similar"


def form_path(consultation) -> str:
    return f"/consultations/{consultation.id}/ideas/new"


def ask(client, consultation, text: str, headers=None):
    """What consult.js sends: a POST with the form's CSRF token (typed text is never in a URL)."""
    token = csrf_token(client)
    return client.post(similar_path(consultation), data={"text": text, "csrf_token": token},
                       headers=headers or {})


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    assert match, f"no {name} in the form"
    return match.group(1)


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_similar_fragment_lists_cycling_ideas_with_support_links(client, db, consultation,
                                                                  headers):
    response = ask(client, consultation, CYCLING_TEXT, headers=headers)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"  # the typed text is in the address
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Similar ideas already shared" in html
    links = re.findall(r'href="/ideas/(\d+)#support"', html)
    assert 1 <= len(links) <= 3
    for idea_id in links:
        idea = db.session.get(Submission, int(idea_id))
        assert idea.text in THEMES["cycling"]
        assert f'href="/ideas/{idea_id}"' in html
    assert "Support this idea" in html and "supporter" in html


@pytest.mark.parametrize("text", ["bikes", "Lower the council tax for pensioners"])
def test_similar_fragment_is_empty_when_nothing_is_similar(client, consultation, text):
    response = ask(client, consultation, text)
    assert response.status_code == 200
    assert response.get_data(as_text=True).strip() == ""


def test_similar_fragment_refuses_text_over_2000_characters(client, consultation):
    response = ask(client, consultation, "bike " * 401)
    assert response.status_code == 400
    assert "between 10 and 2000 characters" in response.get_data(as_text=True)


def test_similar_fragment_refusal_is_translated(client, consultation):
    response = ask(client, consultation, "x" * 2001, headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    assert "between 10" not in response.get_data(as_text=True)


def test_similar_fragment_not_found_for_a_draft_or_unknown_consultation(
    client, create_consultation
):
    draft = create_consultation(phase=Phase.DRAFT)
    assert ask(client, draft, CYCLING_TEXT).status_code == 404
    token = csrf_token(client)
    assert client.post("/consultations/999999/ideas/similar",
                       data={"text": "x", "csrf_token": token}).status_code == 404


def test_similar_fragment_is_rate_limited(client, create_consultation, rate_limits, monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SIMILAR", "2 per minute")
    open_consultation = create_consultation()
    statuses = [ask(client, open_consultation, "short").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_idea_form_has_the_live_region_the_script_and_the_check_button(client, consultation):
    html = client.get(form_path(consultation)).get_data(as_text=True)
    assert re.search(r'<div id="similar-ideas" aria-live="polite" data-url="[^"]*/ideas/similar"',
                     html)
    assert "js/consult." in html and "js/htmx" not in html
    assert 'name="preview" value="1"' in html and "Check for similar ideas" in html
    # "Send my idea" comes first: pressing Enter submits the idea, not the check.
    assert html.index("Send my idea") < html.index("Check for similar ideas")


def test_preview_without_javascript_keeps_values_lists_ideas_then_sends(
    client, db, app, consultation, monkeypatch
):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)
    path = form_path(consultation)
    started = hidden_value(client.get(path).get_data(as_text=True), "started")
    data = {"csrf_token": csrf_token(client, path), "started": started,
            "question": str(consultation.questions[0].id), "text": CYCLING_TEXT,
            "title": "Bike lanes to work", "email": "ana@example.org", "website": ""}
    count = db.session.query(Submission).count()

    preview = client.post(path, data={**data, "preview": "1"})
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert CYCLING_TEXT in html and 'value="Bike lanes to work"' in html
    assert 'value="ana@example.org"' in html
    assert hidden_value(html, "started") == started  # the signed start time is kept
    assert "Similar ideas already shared" in html
    ideas = re.findall(r'href="/ideas/(\d+)#support"', html)
    assert ideas and all(db.session.get(Submission, int(i)).text in THEMES["cycling"]
                     for i in ideas)
    assert html.index("Similar ideas already shared") < html.index("Send my idea")
    assert db.session.query(Submission).count() == count

    sent = client.post(path, data={**data, "csrf_token": hidden_value(html, "csrf_token")})
    assert sent.status_code == 302 and "/track/" in sent.headers["Location"]
    assert db.session.query(Submission).filter_by(text=CYCLING_TEXT).count() == 1


def test_preview_says_when_no_idea_is_similar(client, consultation):
    path = form_path(consultation)
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "preview": "1",
        "question": str(consultation.questions[0].id),
        "text": "Lower the council tax for pensioners",
    })
    assert response.status_code == 200
    assert "We found no similar ideas" in response.get_data(as_text=True)


def test_honeypot_still_refuses_after_a_preview(client, db, app, consultation, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)
    path = form_path(consultation)
    html = client.get(path).get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, path), "started": hidden_value(html, "started"),
            "question": str(consultation.questions[0].id), "text": CYCLING_TEXT,
            "website": "http://spam.example"}
    assert client.post(path, data={**data, "preview": "1"}).status_code == 200
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert db.session.query(Submission).filter_by(text=CYCLING_TEXT).count() == 0
