"""Suggested copies in a theme (consult.themes.copies): a near-copy of an older idea is
offered once, on the page of the newer idea, and confirmed in one click."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import IdeaCuration, Submission, Theme
from consult.themes.copies import suggested_copies
from consult.themes.state import current_memberships
from tests.fixtures.clients import csrf_token
from tests.fixtures.themes import run_clustering

ORIGINAL = "Build protected bike lanes on Main Street"


@pytest.fixture
def with_copy(db, use_model, themed_consultation, create_submission, create_user):
    """(consultation, run, the original, its near-copy, the theme both are in)."""
    copy = create_submission(themed_consultation, "Build protected bike lanes on Main Street!")
    run = run_clustering(db, create_user("facilitator"), themed_consultation, themes=3)
    original = db.session.scalars(select(Submission).where(Submission.text == ORIGINAL)).one()
    members = current_memberships(db.session, themed_consultation.id)
    assert members[original.id] == members[copy.id]
    return themed_consultation, run, original, copy, db.session.get(Theme, members[copy.id])


def test_a_near_copy_is_suggested_once_with_the_older_idea_as_original(db, with_copy):
    _consultation, _run, original, copy, theme = with_copy

    page, pairs = suggested_copies(db.session, theme)

    assert [(pair.original.id, pair.copy.id) for pair in pairs] == [(original.id, copy.id)]
    assert pairs[0].similarity >= 0.9 and page.total >= 9


def test_one_click_folds_the_copy_and_it_is_not_suggested_again(db, client_as, with_copy):
    _consultation, run, original, copy, theme = with_copy
    client = client_as("facilitator")
    page = f"/facilitate/themes/{theme.id}/copies"
    assert f"#{copy.id}" in client.get(page).get_data(as_text=True)

    response = client.post(f"/facilitate/ideas/{original.id}/copies", data={
        "csrf_token": csrf_token(client, page), "run_id": run.id, "copy": copy.id,
        "next": page})

    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    assert db.session.get(IdeaCuration, copy.id).duplicate_of_id == original.id
    assert suggested_copies(db.session, theme)[1] == []
    assert "No idea on this page is close enough" in client.get(page).get_data(as_text=True)


def test_distinct_ideas_are_not_suggested(db, clustered):
    consultation, _run, _facilitator = clustered
    members = current_memberships(db.session, consultation.id)
    for theme_id in set(members.values()) - {None}:
        assert suggested_copies(db.session, db.session.get(Theme, theme_id))[1] == []
