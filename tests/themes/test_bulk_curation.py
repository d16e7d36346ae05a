"""Curation of many ideas at once (consult.themes.bulk): ticked on a theme's page, moved,
pinned, set aside or marked as copies in one action with one event, undone in one step; and
refused, with nothing done, when any of them moved since the page was loaded."""

from __future__ import annotations

import re

import pytest

from consult.models import CurationAction, Event, IdeaCuration, Theme
from consult.themes import bulk, curation
from consult.themes.bulk import BulkKind
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.clients import csrf_token
from tests.themes.test_page_queries import grow, ideas_of


@pytest.fixture
def big_theme(db, clustered, create_submission):
    """(consultation, run, facilitator, the theme with 55 more ideas, another theme)."""
    consultation, run, facilitator = clustered
    theme, other = live_themes(db.session, consultation.id)[:2]
    grow(db, create_submission, consultation, run, theme, 55)
    return consultation, run, facilitator, theme, other


def bulk_post(client, theme: Theme, data: dict):
    page = f"/facilitate/themes/{theme.id}"
    return client.post(f"{page}/ideas", data={"csrf_token": csrf_token(client, page), **data})


def test_fifty_ideas_are_moved_as_one_action_with_one_event(db, big_theme):
    consultation, run, facilitator, theme, other = big_theme
    chosen = ideas_of(db, run, theme)[:50]

    action = bulk.act_on_ideas(db.session, facilitator, consultation, run.id, theme.id, chosen,
                               BulkKind.MOVE, other.id)
    db.session.commit()

    memberships = current_memberships(db.session, consultation.id)
    assert all(memberships[idea] == other.id for idea in chosen)
    events = db.session.query(Event).filter_by(action="theme.move").all()
    assert len(events) == 1 and events[0].payload["ideas"] == chosen
    assert events[0].payload["from"] == theme.id and events[0].payload["to"] == other.id

    curation.undo_last(db.session, facilitator, consultation, action.id)
    db.session.commit()
    assert set(ideas_of(db, run, theme)) >= set(chosen)


def test_ideas_are_pinned_or_set_aside_together(db, big_theme):
    consultation, run, facilitator, theme, _other = big_theme
    pinned, aside = ideas_of(db, run, theme)[:3], ideas_of(db, run, theme)[3:6]

    bulk.act_on_ideas(db.session, facilitator, consultation, run.id, theme.id, pinned,
                      BulkKind.PIN)
    bulk.act_on_ideas(db.session, facilitator, consultation, run.id, theme.id, aside,
                      BulkKind.SET_ASIDE)
    db.session.commit()

    assert all(db.session.get(IdeaCuration, idea).pinned for idea in pinned)
    assert all(db.session.get(IdeaCuration, idea).set_aside for idea in aside)
    memberships = current_memberships(db.session, consultation.id)
    assert all(memberships.get(idea) is None for idea in aside)
    assert db.session.query(CurationAction).count() == 2


def test_an_idea_moved_since_the_page_was_loaded_stops_the_whole_action(db, big_theme):
    consultation, run, facilitator, theme, other = big_theme
    chosen = ideas_of(db, run, theme)[:5]
    curation.move(db.session, facilitator, consultation, run.id, chosen[2], other.id)
    db.session.commit()

    with pytest.raises(bulk.Conflict, match="nothing was changed"):
        bulk.act_on_ideas(db.session, facilitator, consultation, run.id, theme.id, chosen,
                          BulkKind.SET_ASIDE)
    db.session.rollback()

    assert set(chosen) - {chosen[2]} <= set(ideas_of(db, run, theme))
    assert db.session.query(IdeaCuration).filter(IdeaCuration.set_aside.is_(True)).count() == 0


def test_the_page_offers_every_idea_and_ticks_them_all_without_javascript(db, client_as,
                                                                          big_theme):
    _consultation, _run, _facilitator, theme, _other = big_theme
    client = client_as("facilitator")

    page = client.get(f"/facilitate/themes/{theme.id}").get_data(as_text=True)
    everything = client.get(f"/facilitate/themes/{theme.id}?select=all&page=1").get_data(
        as_text=True)

    boxes = re.findall(r'<input type="checkbox" form="bulk-form" name="ideas"[^>]*>', page)
    assert len(boxes) == 50 and not any("checked" in box for box in boxes)
    ticked = re.findall(r'<input type="checkbox" form="bulk-form" name="ideas"[^>]*>',
                        everything)
    assert len(ticked) == 50 and all("checked" in box for box in ticked)
    assert "With the ticked ideas" in page and "Clear the selection" in everything


def test_the_form_moves_the_ticked_ideas_and_says_how_many(db, client_as, big_theme):
    _consultation, run, _facilitator, theme, other = big_theme
    client = client_as("facilitator")
    chosen = ideas_of(db, run, theme)[:4]

    response = bulk_post(client, theme, {"run_id": run.id, "ideas": chosen, "action": "move",
                                         "theme": other.id})

    assert response.status_code == 302
    assert "4 ideas moved." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert set(chosen) <= set(ideas_of(db, run, other))


def test_copies_are_marked_from_the_same_form(db, client_as, big_theme):
    _consultation, run, _facilitator, theme, _other = big_theme
    original, *copies = ideas_of(db, run, theme)[:3]

    response = bulk_post(client_as("facilitator"), theme, {
        "run_id": run.id, "ideas": copies, "action": "duplicates", "original": original})

    assert response.status_code == 302
    assert [db.session.get(IdeaCuration, copy).duplicate_of_id for copy in copies] == [
        original, original]


@pytest.mark.parametrize(("data", "status", "message"), [
    ({"action": "move"}, 400, "Tick at least one idea."),
    ({"ideas": "FIRST"}, 422, "Choose what to do with the ticked ideas."),
    ({"ideas": "FIRST", "action": "delete"}, 422, "Not a valid choice"),
    ({"ideas": "FIRST", "action": "move", "theme": "THEME"}, 400,
     "The ideas are already in that theme."),
    ({"ideas": "FIRST", "action": "duplicates"}, 400, "Choose the original idea."),
    ({"ideas": "OTHER_CONSULTATION", "action": "set_aside"}, 409, "nothing was changed"),
    ({"ideas": "FIRST", "action": "move", "theme": "999999"}, 400,
     "That theme is not part of this consultation."),
    ({"ideas": "TOO_MANY", "action": "pin"}, 400, "Tick at most 200 ideas at once."),
])
def test_bad_bulk_forms_are_refused_with_the_reason(db, client_as, big_theme, create_consultation,
                                                    create_submission, data, status, message):
    _consultation, run, _facilitator, theme, _other = big_theme
    stranger = create_submission(create_consultation(), "An idea of another consultation")
    first = ideas_of(db, run, theme)[0]
    values = {"FIRST": [first], "THEME": theme.id, "OTHER_CONSULTATION": [stranger.id],
              "TOO_MANY": list(range(1, bulk.MOST + 2))}
    form = {key: values.get(value, value) for key, value in data.items()}
    before = db.session.query(CurationAction).count()

    response = bulk_post(client_as("facilitator"), theme, {"run_id": run.id, **form})

    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert db.session.query(CurationAction).count() == before
