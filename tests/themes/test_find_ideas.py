"""Facilitators find ideas across every theme of a consultation: the matches, their themes,
how they spread over the themes, and a move from the results that comes back to them."""

from __future__ import annotations

import re

import pytest

from consult.models import Channel
from consult.themes.filters import IdeaFilters
from consult.themes.finding import find_ideas
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.clients import csrf_token
from tests.fixtures.queries import queries_for


def searching(db, q: str, **filters) -> IdeaFilters:
    return IdeaFilters(q=q, dialect=db.session.get_bind().dialect.name, **filters)


def test_a_search_finds_ideas_in_every_theme_with_their_theme(db, clustered):
    consultation, _run, _facilitator = clustered

    found = find_ideas(db.session, consultation, searching(db, "park"))

    texts = [row.idea.text.lower() for row in found.ideas.items]
    assert found.ideas.total == len(texts) >= 5 and all("park" in text for text in texts)
    members = current_memberships(db.session, consultation.id)
    assert all((row.theme.id if row.theme else None) == members[row.idea.id]
               for row in found.ideas.items)
    assert sum(count for _theme, count in found.by_theme) == found.ideas.total
    assert [count for _t, count in found.by_theme] == sorted(
        (count for _t, count in found.by_theme), reverse=True)


def test_the_page_links_each_theme_searched_the_same_way(db, client_as, clustered):
    consultation, _run, _facilitator = clustered
    client = client_as("facilitator")

    html = client.get(f"/facilitate/consultations/{consultation.id}/ideas?q=potholes"
                      ).get_data(as_text=True)

    found = find_ideas(db.session, consultation, searching(db, "potholes"))
    assert f"{found.ideas.total} ideas found." in html and found.by_theme
    for theme, count in found.by_theme:
        links = re.findall(rf'href="(/facilitate/themes/{theme.id}\?[^"]*)"', html)
        assert theme is not None and any("q=potholes" in link for link in links)
        assert f"</a>: {count}</li>" in html


def test_a_move_from_the_results_comes_back_to_them(db, client_as, clustered):
    consultation, run, _facilitator = clustered
    client = client_as("facilitator")
    page = f"/facilitate/consultations/{consultation.id}/ideas?q=bike"
    first = find_ideas(db.session, consultation, searching(db, "bike")).ideas.items[0]
    target = next(theme for theme in live_themes(db.session, consultation.id)
                  if first.theme is None or theme.id != first.theme.id)

    response = client.post(f"/facilitate/ideas/{first.idea.id}/move", data={
        "csrf_token": csrf_token(client, page), "run_id": run.id, "theme": target.id,
        "next": page})

    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    assert current_memberships(db.session, consultation.id)[first.idea.id] == target.id


@pytest.mark.parametrize("q", ["", "zzzz nothing like it", "%", "_", "' OR 1=1 --",
                               "x" * 5000])
def test_any_search_gets_a_page(db, client_as, clustered, q):
    consultation, _run, _facilitator = clustered
    response = client_as("facilitator").get(f"/facilitate/consultations/{consultation.id}/ideas",
                                            query_string={"q": q})
    assert response.status_code == 200
    found = find_ideas(db.session, consultation, searching(db, q[:200].strip()))
    assert f"{found.ideas.total} idea" in response.get_data(as_text=True)


def test_its_queries_do_not_grow_with_the_ideas(db, client_as, clustered, create_submission):
    consultation, _run, _facilitator = clustered
    client = client_as("facilitator")
    path = f"/facilitate/consultations/{consultation.id}/ideas?q=park"
    few = queries_for(client, path)
    for number in range(30):
        create_submission(consultation, f"Another park idea, number {number}")

    assert queries_for(client, path) == few


def test_the_filters_narrow_the_search_across_the_themes(db, client_as, clustered,
                                                         create_submission):
    consultation, _run, _facilitator = clustered
    create_submission(consultation, "A park idea written on a paper card",
                      channel=Channel.PAPER)

    html = client_as("facilitator").get(
        f"/facilitate/consultations/{consultation.id}/ideas?q=park&channel=paper"
    ).get_data(as_text=True)

    assert "1 idea found." in html and "A park idea written on a paper card" in html
    assert find_ideas(db.session, consultation,
                      searching(db, "park", channel=Channel.PAPER)).ideas.total == 1
