"""The report's counts are kept by the process, and counted again as soon as anything they
count changes: an answer published or corrected, an idea hidden, an idea moved between themes
or that move undone."""

from __future__ import annotations

import pytest

from consult.ideas import moderation
from consult.models import ResponseStatus
from consult.responses import accountability, answering
from consult.themes import curation
from consult.themes.state import current_run
from tests.fixtures.accountability_data import build_answered
from tests.fixtures.queries import statements


@pytest.fixture
def answered(db, create_consultation, create_submission):
    data = build_answered(db, create_consultation, create_submission)
    data.consultation.organisation.review_required = False
    db.session.commit()
    return data


def report(db, consultation):
    """The report, and whether the ideas were counted for it (not taken from the process)."""
    with statements() as seen:
        made = accountability.you_said_we_did(db.session, consultation)
    return made, any("first_answer" in statement for statement in seen)


def themes(made) -> dict[str, tuple[int, int]]:
    return {row.key: (row.ideas, row.answered) for row in made.themes}


def test_unchanged_counts_are_not_counted_again(db, answered):
    first, counted = report(db, answered.consultation)
    again, counted_again = report(db, answered.consultation)
    assert counted and not counted_again
    assert (again.total, again.answered, again.median_days, themes(again)) == (
        first.total, first.answered, first.median_days, themes(first))


def test_a_published_answer_and_a_hidden_idea_are_counted_at_once(db, answered, create_user):
    consultation = answered.consultation
    before, _ = report(db, consultation)
    official = create_user("official")
    waiting = answered.ideas[8]
    draft = answering.draft_answer(db.session, official, waiting, ResponseStatus.ACCEPTED,
                                   "We will do it.", "Parks office")
    answering.publish(db.session, official, draft)
    db.session.commit()

    after, counted = report(db, consultation)
    assert counted and after.answered == before.answered + 1

    moderation.hide(db.session, create_user("facilitator"), answered.ideas[0], "Off topic")
    db.session.commit()
    hidden, counted = report(db, consultation)
    assert counted and hidden.total == before.total - 1


def test_an_idea_moved_between_themes_and_the_move_undone(db, answered, create_user):
    consultation = answered.consultation
    cycling, parks = answered.themes["Cycling"], answered.themes["Parks"]
    before, _ = report(db, consultation)
    facilitator = create_user("facilitator")
    run_id = current_run(db.session, consultation.id).id
    action = curation.move(db.session, facilitator, consultation, run_id, answered.ideas[0].id,
                           parks.id)
    db.session.commit()
    moved, counted = report(db, consultation)
    assert counted
    assert themes(moved)[str(cycling.id)][0] == themes(before)[str(cycling.id)][0] - 1
    assert themes(moved)[str(parks.id)][0] == themes(before)[str(parks.id)][0] + 1

    curation.undo_last(db.session, facilitator, consultation, action.id)
    db.session.commit()
    undone, counted = report(db, consultation)
    assert counted and themes(undone) == themes(before)


def test_the_signature_holds_ideas_numbered_past_what_a_32_bit_square_holds(
        db, answered, create_submission):
    """At 100,000 ideas the squares of the ids overflow PostgreSQL's `integer`."""
    create_submission(answered.consultation, "An idea of a large consultation", id=60_000)
    made, counted = report(db, answered.consultation)
    assert counted and made.total == 11
