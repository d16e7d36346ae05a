"""For facilitators, the ideas closest in meaning to one idea (the real multilingual encoder,
as the workbench's runs use it), each one click from being marked a copy of it."""

from __future__ import annotations

import pytest

from consult.models import Event, IdeaCuration, Submission
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.clients import csrf_token


@pytest.fixture
def cycling(db, clustered):
    """(the run, ideas about cycling by id: the first one, then the others)."""
    consultation, run, _facilitator = clustered
    members = current_memberships(db.session, consultation.id)
    texts = {idea.id: idea.text for idea in db.session.query(Submission)}
    bikes = sorted(i for i in members if "bike" in texts[i].lower() or "cycl" in texts[i].lower())
    return run, bikes


def test_an_ideas_closest_ideas_are_listed_closest_first(db, client_as, cycling):
    _run, bikes = cycling
    html = client_as("facilitator").get(f"/facilitate/ideas/{bikes[0]}/similar").get_data(
        as_text=True)

    listed = [int(part.split("</span>")[0]) for part in html.split('<span class="meta">#')[1:]]
    assert listed and bikes[0] not in listed
    assert listed[0] in bikes  # the closest is about cycling too
    assert "Similarity: " in html and "Mark as a copy of this idea" in html


def test_one_click_marks_a_copy_and_the_page_says_so(db, client_as, cycling):
    run, bikes = cycling
    client = client_as("facilitator")
    page = f"/facilitate/ideas/{bikes[0]}/similar"

    response = client.post(f"/facilitate/ideas/{bikes[0]}/copies", data={
        "csrf_token": csrf_token(client, page), "run_id": run.id, "copy": bikes[1]})

    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    assert db.session.get(IdeaCuration, bikes[1]).duplicate_of_id == bikes[0]
    assert db.session.query(Event).filter_by(action="theme.duplicate").count() == 1


@pytest.mark.parametrize(("copy", "run_offset", "status", "message"), [
    ("SELF", 0, 400, "Choose at least one idea, other than the original"),
    ("STRANGER", 0, 400, "That idea is not part of this consultation."),
    ("OTHER", 1, 409, "The themes were remade by a newer clustering run"),
    ("", 0, 422, ""),
])
def test_a_bad_copy_is_refused_on_the_page(db, client_as, cycling, create_consultation,
                                           create_submission, copy, run_offset, status,
                                           message):
    run, bikes = cycling
    stranger = create_submission(create_consultation(), "An idea of another consultation")
    values = {"SELF": bikes[0], "STRANGER": stranger.id, "OTHER": bikes[1], "": ""}
    client = client_as("facilitator")
    page = f"/facilitate/ideas/{bikes[0]}/similar"

    response = client.post(f"/facilitate/ideas/{bikes[0]}/copies", data={
        "csrf_token": csrf_token(client, page), "run_id": run.id + run_offset,
        "copy": values[copy]})

    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert db.session.query(IdeaCuration).filter(
        IdeaCuration.duplicate_of_id.is_not(None)).count() == 0


def test_the_theme_page_links_each_idea_to_its_similar_ideas(db, client_as, clustered):
    consultation, _run, _facilitator = clustered
    theme = live_themes(db.session, consultation.id)[0]
    html = client_as("facilitator").get(f"/facilitate/themes/{theme.id}").get_data(as_text=True)

    member = next(i for i, t in current_memberships(db.session, consultation.id).items()
                  if t == theme.id)
    assert f'/facilitate/ideas/{member}/similar"' in html


def test_residents_cannot_read_it(client, client_as, cycling):
    _run, bikes = cycling
    assert client_as("resident").get(f"/facilitate/ideas/{bikes[0]}/similar").status_code == 403
    assert client.get("/facilitate/ideas/999999/similar").status_code == 302  # sign in first
