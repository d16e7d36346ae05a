"""Theme answers: one answer given to every idea of a theme, each traceable one by one, and an
idea's own answer on top."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.core.errors import Conflict, ConsultError, NotAllowed
from consult.models import (
    Notice,
    Phase,
    Response,
    ResponseState,
    ResponseStatus,
    Submission,
)
from consult.responses import answering as responses
from consult.responses import answers
from consult.themes import curation
from consult.themes.state import current_memberships
from tests.fixtures.responses import ideas_of, published, themes

S = ResponseStatus


@pytest.fixture
def official(create_user):
    return create_user("official")


# --- theme answers -----------------------------------------------------------------------------

def test_a_theme_answer_gives_every_idea_of_the_theme_its_own_answer(db, official, clustered):
    consultation, _, _ = clustered
    theme = themes(db, consultation)[0]
    members = ideas_of(db, theme)
    response = responses.draft_theme_answer(db.session, official, theme, S.UNDER_CONSIDERATION,
                                            "We study each of these with the transport office.")
    rows = db.session.scalars(select(Response).where(Response.from_theme_id == response.id)).all()
    assert {row.submission_id for row in rows} == members and len(rows) == 8
    assert {(row.state, row.status, row.text) for row in rows} == {
        (ResponseState.DRAFT, S.UNDER_CONSIDERATION, response.text)}
    assert answers.standing_for_ideas(db.session, members) == {}
    published(db, official, response)
    assert {row.state for row in rows} == {ResponseState.PUBLISHED}
    standing = answers.standing_for_ideas(db.session, members)
    assert set(standing) == members
    assert {r.from_theme_id for r in standing.values()} == {response.id}
    assert answers.standing_for_theme(db.session, theme.id) is response
    one = min(members)
    assert [r.id for r in answers.history(db.session, submission_id=one)] == [
        standing[one].id]
    other_theme_ideas = set(current_memberships(db.session, consultation.id)) - members
    assert not answers.standing_for_ideas(db.session, other_theme_ideas)


def test_a_theme_answer_queues_a_notice_for_each_idea_with_an_address(db, official, clustered):
    consultation, _, _ = clustered
    theme = themes(db, consultation)[0]
    members = sorted(ideas_of(db, theme))
    for n, idea_id in enumerate(members[:3]):
        db.session.get(Submission, idea_id).contact_email = f"resident{n}@example.org"
    response = published(db, official, responses.draft_theme_answer(
        db.session, official, theme, S.ACCEPTED, ""))
    rows = {r.submission_id: r.id for r in db.session.scalars(
        select(Response).where(Response.from_theme_id == response.id))}
    notices = db.session.execute(select(Notice.submission_id, Notice.ref_id)).all()
    assert sorted(notices) == [(idea_id, rows[idea_id]) for idea_id in members[:3]]


def test_an_own_answer_on_top_of_the_theme_answer_stands(db, official, clustered):
    consultation, _, _ = clustered
    theme = themes(db, consultation)[0]
    members = sorted(ideas_of(db, theme))
    theme_answer = published(db, official, responses.draft_theme_answer(
        db.session, official, theme, S.UNDER_CONSIDERATION, "We study it."))
    idea = db.session.get(Submission, members[0])
    own = published(db, official, responses.draft_answer(
        db.session, official, idea, S.ACCEPTED, "This one is done next spring."))
    standing = answers.standing_for_ideas(db.session, members)
    assert standing[idea.id] is own
    assert all(standing[m].from_theme_id == theme_answer.id for m in members[1:])
    record = answers.answer_record(db.session, submission_id=idea.id)
    assert record.standing.response is own
    assert [shown.response.from_theme_id for shown in record.earlier] == [theme_answer.id]


def test_theme_answer_rows_are_changed_only_through_the_theme_answer(db, official, clustered):
    consultation, _, _ = clustered
    theme = themes(db, consultation)[0]
    response = responses.draft_theme_answer(db.session, official, theme, S.ACCEPTED, "")
    row = db.session.scalars(select(Response).where(Response.from_theme_id == response.id)).first()
    for step in (responses.publish, responses.submit_for_review, responses.discard_draft):
        with pytest.raises(ConsultError, match="theme's answer"):
            step(db.session, official, row)
    with pytest.raises(ConsultError, match="theme's answer"):
        responses.edit_draft(db.session, official, row, S.ACCEPTED, "")
    assert responses.next_steps(row, official) == set()
    responses.edit_draft(db.session, official, response, S.NOT_ACCEPTED, "Not in this plan.")
    assert (row.status, row.text) == (S.NOT_ACCEPTED, "Not in this plan.")
    responses.discard_draft(db.session, official, response)
    db.session.commit()
    assert db.session.scalar(select(Response.id)) is None


def test_a_theme_is_answered_once(db, official, clustered):
    consultation, _, _ = clustered
    theme = themes(db, consultation)[0]
    response = responses.draft_theme_answer(db.session, official, theme, S.ACCEPTED, "")
    with pytest.raises(Conflict, match="answer in progress"):
        responses.draft_theme_answer(db.session, official, theme, S.ACCEPTED, "")
    published(db, official, response)
    with pytest.raises(Conflict, match="correct it"):
        responses.draft_theme_answer(db.session, official, theme, S.ACCEPTED, "")


def test_a_theme_answer_covers_the_ideas_in_the_theme_when_it_is_published(db, official,
                                                                           clustered):
    consultation, run, facilitator = clustered
    first, second, _ = themes(db, consultation)
    response = responses.draft_theme_answer(db.session, official, first, S.ACCEPTED, "")
    newcomer = min(ideas_of(db, second))
    curation.move(db.session, facilitator, consultation, run.id, newcomer, first.id)
    published(db, official, response)
    assert answers.standing_for_ideas(db.session, [newcomer])[newcomer].from_theme_id == (
        response.id)


def test_a_merged_theme_is_not_answered(db, official, clustered):
    consultation, run, facilitator = clustered
    first, second, _ = themes(db, consultation)
    curation.merge(db.session, facilitator, consultation, run.id, first.id, [second.id])
    with pytest.raises(ConsultError, match="merged or replaced"):
        responses.draft_theme_answer(db.session, official, second, S.ACCEPTED, "")


def test_a_theme_of_a_draft_consultation_is_not_answered(db, official, clustered):
    consultation, _, _ = clustered
    consultation.phase = Phase.DRAFT
    with pytest.raises(NotAllowed, match="still a draft"):
        responses.draft_theme_answer(db.session, official, themes(db, consultation)[0],
                                     S.ACCEPTED, "")


