"""What a re-run changed (consult.themes.run_changes): the ideas it moved, from → to, the
themes that appeared, grew, shrank or vanished, a facilitator's name flagged when most of its
theme's ideas are new to it; and each move kept or put back from the page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import ClusteringRun, IdeaCuration, RunStatus, Theme, ThemeMembership
from consult.themes.run_changes import run_changes
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.clients import csrf_token
from tests.fixtures.queries import queries_for


def rerun(db, consultation, first: ClusteringRun, moves: dict[int, int | None]
          ) -> ClusteringRun:
    """A second successful run: the first one's memberships, with `moves` (idea → theme)."""
    second = ClusteringRun(consultation_id=consultation.id, status=RunStatus.SUCCEEDED,
                           current=True, finished_at=first.finished_at)
    first.current = False
    db.session.add(second)
    db.session.flush()
    for member in db.session.scalars(select(ThemeMembership).where(
            ThemeMembership.run_id == first.id)):
        db.session.add(ThemeMembership(
            run_id=second.id, submission_id=member.submission_id,
            theme_id=moves.get(member.submission_id, member.theme_id),
            organisation_id=member.organisation_id))
    db.session.commit()
    return second


@pytest.fixture
def moved(db, clustered):
    """(consultation, first run, second run, themes, the three ideas the second run moved)."""
    consultation, first, _facilitator = clustered
    themes = live_themes(db.session, consultation.id)
    members = current_memberships(db.session, consultation.id)
    of = {theme.id: sorted(s for s, t in members.items() if t == theme.id) for theme in themes}
    a, b, c = themes
    chosen = [of[a.id][0], of[a.id][1], of[b.id][0]]
    second = rerun(db, consultation, first, {chosen[0]: b.id, chosen[1]: c.id, chosen[2]: None})
    return consultation, first, second, themes, chosen


def test_each_moved_idea_is_listed_from_its_theme_to_its_new_one(db, moved):
    _consultation, _first, second, (a, b, c), chosen = moved

    changes = run_changes(db.session, second)

    assert changes.moves.total == 3
    listed = {move.idea.id: (move.before, move.after) for move in changes.moves.items}
    assert listed == {chosen[0]: (a, b), chosen[1]: (a, c), chosen[2]: (b, None)}
    sizes = {change.theme.id: (change.before, change.after, change.kind)
             for change in changes.themes}
    assert sizes[a.id] == (8, 6, "shrank") and sizes[c.id] == (8, 9, "grew")
    assert sizes[b.id] == (8, 8, "same")


def test_ideas_that_followed_a_merge_did_not_move(db, clustered):
    consultation, first, _facilitator = clustered
    a, b, _c = live_themes(db.session, consultation.id)
    members = current_memberships(db.session, consultation.id)
    of_a = [s for s, t in members.items() if t == a.id]
    a.merged_into_id, a.retired_at = b.id, b.created_at
    second = rerun(db, consultation, first, dict.fromkeys(of_a, b.id))

    changes = run_changes(db.session, second)

    assert changes.moves.total == 0
    assert {change.theme.id: change.kind for change in changes.themes}[b.id] == "same"


def test_a_named_theme_most_of_whose_ideas_are_new_is_flagged(db, clustered):
    consultation, first, _facilitator = clustered
    a, b, _c = live_themes(db.session, consultation.id)
    b.named_by_facilitator = True
    members = current_memberships(db.session, consultation.id)
    of_a = [s for s, t in members.items() if t == a.id]
    of_b = [s for s, t in members.items() if t == b.id]
    # b keeps 2 of its 8 and takes a's 8: 8 of its 10 ideas are new to it
    second = rerun(db, consultation, first, {**dict.fromkeys(of_a, b.id),
                                             **dict.fromkeys(of_b[2:], None)})

    changes = {change.theme.id: change for change in run_changes(db.session, second).themes}

    assert changes[b.id].name_to_review and changes[b.id].stayed == 2
    assert changes[a.id].kind == "vanished" and not changes[a.id].name_to_review


def test_the_first_run_changed_nothing_before_it(db, client_as, clustered):
    _consultation, first, _facilitator = clustered

    assert run_changes(db.session, first).previous is None
    html = client_as("facilitator").get(f"/facilitate/runs/{first.id}/changes").get_data(
        as_text=True)
    assert "This was the first run" in html


def test_a_move_is_kept_or_put_back_from_the_page(db, client_as, moved):
    _consultation, _first, second, (a, _b, _c), chosen = moved
    client = client_as("facilitator")
    page = f"/facilitate/runs/{second.id}/changes"
    html = client.get(page).get_data(as_text=True)
    assert "3 ideas moved" in html and html.count("Put it back") == 3
    assert html.count("Keep it here") == 2  # an idea the run left in no theme is not kept there

    kept = client.post(f"/facilitate/ideas/{chosen[1]}/pin", data={
        "csrf_token": csrf_token(client, page), "run_id": second.id, "on": 1, "next": page})
    back = client.post(f"/facilitate/ideas/{chosen[0]}/move", data={
        "csrf_token": csrf_token(client, page), "run_id": second.id, "theme": a.id,
        "next": page})

    assert kept.status_code == back.status_code == 302
    assert kept.headers["Location"].endswith(page) and back.headers["Location"].endswith(page)
    assert db.session.get(IdeaCuration, chosen[1]).pinned
    assert current_memberships(db.session, second.consultation_id)[chosen[0]] == a.id
    after = client.get(page).get_data(as_text=True)
    assert "2 ideas moved" in after and "kept here by a facilitator" in after


def test_an_older_run_can_be_read_but_not_acted_on(db, client_as, moved):
    consultation, _first, second, _themes, _chosen = moved
    third = rerun(db, consultation, second, {})

    html = client_as("facilitator").get(f"/facilitate/runs/{second.id}/changes").get_data(
        as_text=True)

    assert third.current and "3 ideas moved" in html
    assert "A newer run has replaced this one" in html and "Put it back" not in html


@pytest.mark.parametrize("status", [RunStatus.FAILED, RunStatus.RUNNING])
def test_a_run_that_did_not_succeed_has_no_changes_page(db, client_as, clustered, status):
    consultation, _first, _facilitator = clustered
    failed = ClusteringRun(consultation_id=consultation.id, status=status)
    db.session.add(failed)
    db.session.commit()

    assert client_as("facilitator").get(
        f"/facilitate/runs/{failed.id}/changes").status_code == 404
    assert client_as("facilitator").get("/facilitate/runs/999999/changes").status_code == 404


def test_residents_cannot_read_it(db, client, client_as, moved):
    _consultation, _first, second, _themes, _chosen = moved

    assert client.get(f"/facilitate/runs/{second.id}/changes").status_code == 302  # sign in
    assert client_as("resident").get(f"/facilitate/runs/{second.id}/changes").status_code == 403


def test_its_queries_do_not_grow_with_the_moves(db, client_as, clustered):
    consultation, first, _facilitator = clustered
    a, b, _c = live_themes(db.session, consultation.id)
    members = current_memberships(db.session, consultation.id)
    of_a = sorted(s for s, t in members.items() if t == a.id)
    client = client_as("facilitator")
    one = rerun(db, consultation, first, {of_a[0]: b.id})
    few = queries_for(client, f"/facilitate/runs/{one.id}/changes")

    many = rerun(db, consultation, one, dict.fromkeys(of_a, b.id))

    assert queries_for(client, f"/facilitate/runs/{many.id}/changes") == few
    assert db.session.get(Theme, a.id) is not None
