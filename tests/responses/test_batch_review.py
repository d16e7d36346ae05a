"""A reviewing official approves ten answers at once: each approval is recorded as if given
alone; if any ticked answer cannot be approved, none is."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import Event, Phase, Response, ResponseState, ResponseStatus
from consult.responses import answering
from tests.fixtures.clients import sign_in
from tests.fixtures.respond_pages import post, text_of


@pytest.fixture
def waiting(db, create_consultation, create_submission, create_user):
    """(the drafting official, ten answers of theirs waiting for review)."""
    consultation = create_consultation(Phase.ANALYSIS, office="Parks department")
    consultation.organisation.review_required = True
    drafter = create_user("official")
    answers = []
    for number in range(10):
        idea = create_submission(consultation, f"Plant more trees along street {number}")
        answer = answering.draft_answer(db.session, drafter, idea, ResponseStatus.ACCEPTED,
                                        f"Yes, on street {number} this spring.")
        answering.submit_for_review(db.session, drafter, answer)
        answers.append(answer)
    db.session.commit()
    return drafter, answers


def approvals(db) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == "response.approved")))


def test_ten_answers_are_approved_at_once_each_with_its_event(db, client_as, waiting):
    _drafter, answers = waiting
    reviewer = client_as("official")
    page = text_of(reviewer.get("/respond/review"))
    assert "Approve the ticked answers" in page and page.count("Tick to approve") == 10

    response = post(reviewer, "/respond/review/approve",
                    {"answers": [answer.id for answer in answers]}, page="/respond/review")

    assert response.status_code == 302
    assert "10 answers approved" in text_of(reviewer.get(response.headers["Location"]))
    db.session.expire_all()
    assert {answer.reviewed_by_id for answer in answers} == {reviewer.user.id}
    events = approvals(db)
    assert sorted(event.object_id for event in events) == sorted(a.id for a in answers)
    assert {event.actor_id for event in events} == {reviewer.user.id}


def test_one_answer_that_cannot_be_approved_stops_them_all(db, client_as, waiting,
                                                          create_user):
    _drafter, answers = waiting
    reviewer = client_as("official")
    other = answers[4]
    answering.approve(db.session, create_user("official"), other)  # approved meanwhile
    db.session.commit()

    response = post(reviewer, "/respond/review/approve",
                    {"answers": [answer.id for answer in answers]}, page="/respond/review")

    assert response.status_code == 409
    assert "This answer is already approved." in text_of(response)
    db.session.expire_all()
    assert [a.id for a in answers if a.reviewed_by_id == reviewer.user.id] == []
    assert len(approvals(db)) == 1


def test_the_drafter_cannot_approve_their_own_answers_in_a_batch(app, db, waiting):
    drafter, answers = waiting
    own = app.test_client()
    assert sign_in(own, drafter.email).status_code == 302
    assert "Approve the ticked answers" not in text_of(own.get("/respond/review"))

    response = post(own, "/respond/review/approve", {"answers": [answers[0].id]},
                    page="/respond/review")

    assert response.status_code == 403
    assert "You wrote this answer: another official must review it." in text_of(response)
    assert approvals(db) == []


@pytest.mark.parametrize(("ticked", "status", "message"), [
    ([], 400, "Tick at least one answer to approve."),
    (["999999"], 409, "nothing was approved"),
    (["not-a-number"], 422, ""),
])
def test_a_bad_batch_is_refused_with_the_reason(db, client_as, waiting, ticked, status,
                                                message):
    response = post(client_as("official"), "/respond/review/approve", {"answers": ticked},
                    page="/respond/review")

    assert response.status_code == status
    assert message in text_of(response)
    assert approvals(db) == []
    assert db.session.scalar(select(Response.id).where(
        Response.state != ResponseState.IN_REVIEW, Response.from_theme_id.is_(None))) is None


def test_a_reviewer_sends_an_answer_back_with_a_comment_the_drafter_sees(
        app, db, client_as, waiting):
    drafter, answers = waiting
    reviewer = client_as("official")
    answer = answers[0]

    response = post(reviewer, f"/respond/answers/{answer.id}/send-back",
                    {"comment": "Say which streets, and when the planting starts."},
                    page="/respond/review")

    assert response.status_code == 302
    db.session.expire_all()
    assert answer.state is ResponseState.DRAFT and answer.reviewed_by_id is None
    event = db.session.scalars(select(Event).where(Event.action == "response.sent_back")).one()
    assert "comment" not in event.payload and event.actor_id == reviewer.user.id
    own = app.test_client()
    assert sign_in(own, drafter.email).status_code == 302
    page = text_of(own.get(f"/respond/answers/{answer.id}"))
    assert "Sent back by the reviewer: Say which streets, and when the planting starts." in page

    answering.submit_for_review(db.session, drafter, answer)  # sent again: the comment goes
    db.session.commit()
    assert answer.review_comment == ""


@pytest.mark.parametrize(("comment", "status", "message"), [
    ("", 422, "Say what the drafter should change."),
    ("ok", 422, "what the drafter should change"),
    ("x" * 2001, 422, "what the drafter should change"),
])
def test_a_bad_comment_is_refused_and_what_was_typed_kept(db, client_as, waiting, comment,
                                                          status, message):
    _drafter, answers = waiting
    reviewer = client_as("official")

    response = post(reviewer, f"/respond/answers/{answers[0].id}/send-back",
                    {"comment": comment}, page="/respond/review")

    assert response.status_code == status
    assert message in text_of(response)
    assert comment in response.get_data(as_text=True)
    db.session.expire_all()
    assert answers[0].state is ResponseState.IN_REVIEW


def test_only_an_answer_in_review_is_sent_back_and_never_by_its_drafter(app, db, client_as,
                                                                       waiting):
    drafter, answers = waiting
    reviewer = client_as("official")
    post(reviewer, f"/respond/answers/{answers[1].id}/send-back",
         {"comment": "Add the budget line."}, page="/respond/review")

    again = post(reviewer, f"/respond/answers/{answers[1].id}/send-back",
                 {"comment": "Add the budget line."}, page="/respond/review")
    own = app.test_client()
    assert sign_in(own, drafter.email).status_code == 302
    by_drafter = post(own, f"/respond/answers/{answers[2].id}/send-back",
                      {"comment": "Never mind."}, page="/respond/review")

    assert again.status_code == 409 and "Only an answer waiting for review" in text_of(again)
    assert by_drafter.status_code == 403
    assert "edit it instead of sending it back" in text_of(by_drafter)
