"""A city team's day on a real conversation (March On, 2,162 Pol.is comments), through the
pages, with the real multilingual model: import the file, group the ideas, find every idea
about a topic, move 50 at once, see what a re-run moved and put two moves back, quote a
passage in a commitment, and approve ten answers at once."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from consult.models import (
    Event,
    Phase,
    ProvenanceLink,
    Response,
    ResponseState,
    ResponseStatus,
    Submission,
)
from consult.plans import drafting as plans
from consult.responses import answering
from consult.themes.filters import IdeaFilters
from consult.themes.finding import find_ideas
from consult.themes.run_changes import run_changes
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.clients import csrf_token
from tests.fixtures.respond_pages import post
from tests.fixtures.themes import run_clustering
from tests.ideas.import_steps import upload_and_map

pytestmark = pytest.mark.slow_model

MARCH_ON = Path(__file__).parents[1] / "data" / "march-on-comments.csv"


def submit(client, path: str, page: str, data: dict):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def test_a_city_team_works_through_march_on(db, client_as, use_model, create_consultation,
                                            create_user):
    consultation = create_consultation(Phase.OPEN, title="March On: where next?")
    facilitator = client_as("facilitator")

    # The file, imported as it came from Pol.is; a re-import would bring nothing twice.
    _url, done = upload_and_map(facilitator, consultation, MARCH_ON.read_bytes(),
                                text="comment-body", source_id="comment-id",
                                original_date="timestamp", mode="good")
    assert done.status_code == 302
    assert db.session.query(Submission).count() == 2137

    first = run_clustering(db, facilitator.user, consultation)
    themes = live_themes(db.session, consultation.id)
    assert len(themes) >= 3

    # Every idea about guns, across the themes, and the same search inside a theme.
    found = find_ideas(db.session, consultation,
                       IdeaFilters(q="gun", dialect=db.session.get_bind().dialect.name))
    # PostgreSQL matches the word, SQLite any text holding it ("guns" too)
    assert found.ideas.total >= 30
    assert all("gun" in row.idea.text.lower() for row in found.ideas.items)
    page = facilitator.get(f"/facilitate/consultations/{consultation.id}/ideas?q=gun")
    assert f"{found.ideas.total} ideas found." in page.get_data(as_text=True)
    biggest = max(themes, key=lambda t: sum(1 for s, k in current_memberships(
        db.session, consultation.id).items() if k == t.id))
    target = next(theme for theme in themes if theme.id != biggest.id)

    # Fifty ideas of one theme moved at once: one action, one event listing them.
    theme_page = f"/facilitate/themes/{biggest.id}"
    html = facilitator.get(f"{theme_page}?select=all").get_data(as_text=True)
    ticked = [int(n) for n in re.findall(
        r'form="bulk-form" name="ideas" value="(\d+)" id="pick-\d+" checked', html)]
    assert len(ticked) == 50
    moved = submit(facilitator, f"{theme_page}/ideas", theme_page,
                   {"run_id": first.id, "ideas": ticked, "action": "move", "theme": target.id})
    assert moved.status_code == 302
    members = current_memberships(db.session, consultation.id)
    assert all(members[idea] == target.id for idea in ticked)
    assert db.session.scalars(select(Event).where(Event.action == "theme.move")).one() \
        .payload["ideas"] == ticked

    # A re-run: what it moved, and two moves put back where they were.
    second = run_clustering(db, facilitator.user, consultation)
    changes = run_changes(db.session, second)
    revertible = [move for move in changes.moves.items
                  if move.before is not None and move.before.is_live]
    assert changes.moves.total >= 2 and len(revertible) >= 2
    changes_page = f"/facilitate/runs/{second.id}/changes"
    assert facilitator.get(changes_page).status_code == 200
    for move in revertible[:2]:
        back = submit(facilitator, f"/facilitate/ideas/{move.idea.id}/move", changes_page,
                      {"run_id": second.id, "theme": move.before.id, "next": changes_page})
        assert back.status_code == 302 and back.headers["Location"].endswith(changes_page)
    members = current_memberships(db.session, consultation.id)
    assert [members[move.idea.id] for move in revertible[:2]] == [
        move.before.id for move in revertible[:2]]
    assert run_changes(db.session, second).moves.total == changes.moves.total - 2
    put_back = {move.idea.id for move in revertible[:2]}
    # the fifty a facilitator moved stay where they were put, re-run or not
    assert all(members[idea] == target.id for idea in ticked if idea not in put_back)

    # Ideas close in meaning to one about guns, and the theme's suggested copies.
    similar = facilitator.get(f"/facilitate/ideas/{found.ideas.items[0].idea.id}/similar")
    assert similar.status_code == 200
    assert "Similarity: " in similar.get_data(as_text=True)
    assert facilitator.get(f"{theme_page}/copies").status_code == 200

    # An idea nobody reported, hidden from its page; the queue's hidden list shows it.
    hidden = found.ideas.items[-1].idea
    hide_page = f"/facilitate/ideas/{hidden.id}/hide"
    assert submit(facilitator, hide_page, hide_page,
                  {"reason": "Names a private person"}).status_code == 302
    queue_page = facilitator.get("/facilitate/moderation").get_data(as_text=True)
    assert "Hidden ideas (1)" in queue_page and "Names a private person" in queue_page

    # A commitment quoting the exact passage of one idea.
    plan = plans.create_plan(db.session, facilitator.user, consultation, "Plan 2027",
                             date(2027, 1, 1), date(2027, 12, 31))
    commitment = plans.draft_from_themes(db.session, facilitator.user, plan, [biggest.id])
    db.session.commit()
    quoted = found.ideas.items[0].idea  # not the hidden one: the list is newest first
    start = quoted.text.lower().index("gun")
    editor = f"/facilitate/commitments/{commitment.id}"
    linked = submit(facilitator, f"{editor}/links", editor, {
        "idea": quoted.id, "passage_start": start, "passage_end": start + 3, "note": "Guns"})
    assert linked.status_code == 302
    link = db.session.scalars(select(ProvenanceLink).where(
        ProvenanceLink.submission_id == quoted.id, ProvenanceLink.passage_start.is_not(None))
    ).one()
    assert link.passage.lower() == "gun"

    # Ten answers approved at once by a second official.
    consultation.phase = Phase.ANALYSIS
    consultation.organisation.review_required = True
    drafter = create_user("official")
    for idea in db.session.scalars(select(Submission).order_by(Submission.id).limit(10)):
        answer = answering.draft_answer(db.session, drafter, idea, ResponseStatus.ACCEPTED,
                                        "We take this up in the plan.")
        answering.submit_for_review(db.session, drafter, answer)
    db.session.commit()
    reviewer = client_as("official")
    waiting = [r.id for r in db.session.scalars(select(Response).where(
        Response.state == ResponseState.IN_REVIEW))]
    approved = post(reviewer, "/respond/review/approve", {"answers": waiting},
                    page="/respond/review")
    assert approved.status_code == 302 and len(waiting) == 10
    assert db.session.query(Event).filter_by(action="response.approved").count() == 10
