"""Official answers: drafts, justification, a second official's review, publishing, theme
answers given to every idea, own answers on top, and corrections that keep the old version."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from consult.core.errors import Conflict, ConsultError, NotAllowed
from consult.models import (
    ActionPlan,
    Commitment,
    Event,
    Notice,
    NoticeKind,
    Phase,
    Response,
    ResponseState,
    ResponseStatus,
    Submission,
    SubmissionStatus,
)
from consult.plans import drafting as plans
from consult.responses import answering as responses
from consult.responses import answers
from consult.themes import curation
from tests.fixtures.responses import ideas_of, published, themes

S = ResponseStatus


@pytest.fixture
def official(create_user):
    return create_user("official")


@pytest.fixture
def second_official(create_user):
    return create_user("official")


@pytest.fixture
def idea(create_consultation, create_submission):
    consultation = create_consultation(Phase.CLOSED, office="Parks department")
    return create_submission(consultation, "Plant more trees along the river, please")


# --- drafting an answer to an idea -------------------------------------------------------------

def test_draft_answer_is_a_draft_in_the_consultations_office(db, official, idea):
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    db.session.commit()
    assert (response.state, response.status, response.version) == (
        ResponseState.DRAFT, S.ACCEPTED, 1)
    assert response.office == "Parks department" and response.drafted_by_id == official.id
    assert answers.standing_for_ideas(db.session, [idea.id]) == {}
    assert answers.answer_record(db.session, submission_id=idea.id).standing is None


@pytest.mark.parametrize("status", [s for s in S if s is not S.ACCEPTED])
def test_an_answer_other_than_accepted_without_justification_is_refused(db, official, idea,
                                                                        status):
    with pytest.raises(ConsultError, match="needs a justification") as refused:
        responses.draft_answer(db.session, official, idea, status, "   ")
    assert refused.value.status == 400 and refused.value.field == "text"
    assert db.session.scalar(select(Response.id)) is None


def test_an_unknown_status_is_refused(db, official, idea):
    with pytest.raises(ConsultError, match="Choose one of the answers"):
        responses.draft_answer(db.session, official, idea, "maybe", "Why not")


def test_answering_an_idea_of_a_draft_consultation_is_refused(db, official, create_consultation,
                                                              create_submission):
    idea = create_submission(create_consultation(Phase.DRAFT), "An idea typed in a test run")
    with pytest.raises(NotAllowed, match="still a draft") as refused:
        responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    assert refused.value.status == 403


@pytest.mark.parametrize("status", [SubmissionStatus.PENDING, SubmissionStatus.HIDDEN])
def test_only_published_ideas_are_answered(db, official, idea, status):
    idea.status = status
    with pytest.raises(NotAllowed, match="Only published ideas"):
        responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")


def test_a_second_answer_of_the_idea_is_refused_while_one_is_in_progress(db, official, idea):
    responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    with pytest.raises(Conflict, match="already has an answer in progress"):
        responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")


def test_an_idea_with_its_own_published_answer_is_corrected_not_answered_again(db, official,
                                                                               idea):
    published(db, official, responses.draft_answer(db.session, official, idea, S.ACCEPTED, ""))
    with pytest.raises(Conflict, match="correct it"):
        responses.draft_answer(db.session, official, idea, S.NOT_ACCEPTED, "No budget")


def test_too_long_texts_are_refused(db, official, idea):
    with pytest.raises(ConsultError, match="at most 5000 characters"):
        responses.draft_answer(db.session, official, idea, S.ACCEPTED, "x" * 5001)
    with pytest.raises(ConsultError, match="at most 200 characters"):
        responses.draft_answer(db.session, official, idea, S.ACCEPTED, "", office="o" * 201)


# --- commitments -------------------------------------------------------------------------------

def test_linked_commitments_must_belong_to_the_consultations_plan(db, official, plan, clustered,
                                                                  create_consultation):
    consultation, _, facilitator = clustered
    theme = themes(db, consultation)[0]
    ours = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    elsewhere = create_consultation(Phase.ANALYSIS)
    other_plan = ActionPlan(organisation_id=elsewhere.organisation_id, consultation=elsewhere,
                            title="Another plan", starts_on=date(2027, 1, 1),
                            ends_on=date(2028, 1, 1))
    theirs = Commitment(plan=other_plan, position=1, title="Another city's commitment")
    db.session.add_all([other_plan, theirs])
    db.session.commit()
    idea = db.session.get(Submission, min(ideas_of(db, theme)))
    with pytest.raises(ConsultError, match="Link only commitments") as refused:
        responses.draft_answer(db.session, official, idea, S.ACCEPTED, "", "",
                               [ours.id, theirs.id])
    assert refused.value.field == "commitments"
    with pytest.raises(ConsultError, match="Link only commitments"):
        responses.draft_answer(db.session, official, idea, S.ACCEPTED, "", "", [987654])
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "", "", [ours.id])
    assert response.commitments == [ours]


# --- review and publishing ---------------------------------------------------------------------

def test_an_answer_is_published_without_review_when_none_is_required(db, official, idea):
    response = responses.draft_answer(db.session, official, idea, S.PARTLY_ACCEPTED,
                                      "The river bank gets trees, the square does not.")
    assert responses.next_steps(response, official) == {"edit", "discard", "submit", "publish"}
    published(db, official, response)
    assert response.state is ResponseState.PUBLISHED and response.published_by_id == official.id
    assert response.published_at is not None
    assert answers.standing_for_ideas(db.session, [idea.id]) == {idea.id: response}
    assert responses.next_steps(response, official) == {"correct"}


def test_publishing_queues_a_notice_for_the_resident_behind_the_idea(db, official,
                                                                    create_consultation,
                                                                    create_submission):
    idea = create_submission(create_consultation(Phase.CLOSED), "Light the footpath at night",
                             contact_email="ana@example.org")
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    db.session.commit()
    assert db.session.scalar(select(Notice.id)) is None
    published(db, official, response)
    notice = db.session.scalars(select(Notice)).one()
    assert (notice.email, notice.kind, notice.submission_id, notice.ref_id) == (
        "ana@example.org", NoticeKind.ANSWERED, idea.id, response.id)


def test_a_reviewer_cannot_approve_their_own_draft(db, official, second_official, idea):
    idea.consultation.organisation.review_required = True
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    responses.submit_for_review(db.session, official, response)
    assert response.state is ResponseState.IN_REVIEW and response.submitted_at is not None
    assert responses.next_steps(response, official) == {"edit", "discard"}
    with pytest.raises(NotAllowed, match="another official must review it") as refused:
        responses.approve(db.session, official, response)
    assert refused.value.status == 403 and response.reviewed_by_id is None
    assert responses.next_steps(response, second_official) == {"edit", "discard", "approve"}
    responses.approve(db.session, second_official, response)
    assert response.reviewed_by_id == second_official.id
    with pytest.raises(Conflict, match="already approved"):
        responses.approve(db.session, second_official, response)
    published(db, official, response)
    assert response.state is ResponseState.PUBLISHED


def test_an_unreviewed_answer_is_not_published_when_review_is_required(db, official, idea):
    idea.consultation.organisation.review_required = True
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    assert "publish" not in responses.next_steps(response, official)
    with pytest.raises(NotAllowed, match="second official must review"):
        responses.publish(db.session, official, response)
    responses.submit_for_review(db.session, official, response)
    with pytest.raises(NotAllowed, match="second official must review"):
        responses.publish(db.session, official, response)
    assert response.state is ResponseState.IN_REVIEW


def test_only_a_draft_is_sent_for_review_and_only_an_answer_in_review_approved(
        db, official, second_official, idea):
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    with pytest.raises(Conflict, match="Only an answer waiting for review"):
        responses.approve(db.session, second_official, response)
    responses.submit_for_review(db.session, official, response)
    with pytest.raises(Conflict, match="Only a draft is sent for review"):
        responses.submit_for_review(db.session, official, response)


def test_publishing_an_answer_twice_is_a_conflict(db, official, idea):
    response = published(db, official, responses.draft_answer(
        db.session, official, idea, S.ALREADY_IN_PLACE, "The trees were planted in May."))
    first_date = response.published_at
    with pytest.raises(Conflict, match="already published") as refused:
        responses.publish(db.session, official, response)
    assert refused.value.status == 409 and response.published_at == first_date


def test_a_published_answer_is_never_edited_or_deleted(db, official, idea):
    response = published(db, official, responses.draft_answer(db.session, official, idea,
                                                              S.ACCEPTED, "Yes."))
    with pytest.raises(Conflict, match="never changed") as refused:
        responses.edit_draft(db.session, official, response, S.NOT_ACCEPTED, "No after all")
    assert refused.value.status == 409
    with pytest.raises(Conflict, match="never deleted"):
        responses.discard_draft(db.session, official, response)
    db.session.refresh(response)
    assert (response.status, response.text) == (S.ACCEPTED, "Yes.")


def test_a_draft_is_edited_and_an_edit_in_review_goes_back_to_draft(db, official,
                                                                    second_official, idea):
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    responses.submit_for_review(db.session, official, response)
    responses.edit_draft(db.session, second_official, response, S.UNDER_CONSIDERATION,
                         "We study it with the river authority.", "Environment office")
    assert (response.state, response.status, response.office) == (
        ResponseState.DRAFT, S.UNDER_CONSIDERATION, "Environment office")
    # Whoever wrote the last words is the drafter: the other official reviews them.
    assert response.drafted_by_id == second_official.id and response.submitted_at is None
    with pytest.raises(ConsultError, match="needs a justification"):
        responses.edit_draft(db.session, official, response, S.NOT_ACCEPTED, "")


def test_a_draft_is_discarded_and_the_idea_can_be_answered_again(db, official, idea):
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    responses.discard_draft(db.session, official, response)
    db.session.commit()
    assert db.session.scalar(select(Response.id)) is None
    assert responses.draft_answer(db.session, official, idea, S.ACCEPTED, "").id


def test_every_step_is_in_the_event_log(db, official, second_official, idea):
    response = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    responses.edit_draft(db.session, official, response, S.ACCEPTED, "Yes, this year.")
    responses.submit_for_review(db.session, official, response)
    responses.approve(db.session, second_official, response)
    published(db, official, response)
    correction = responses.correct(db.session, official, response, S.PARTLY_ACCEPTED,
                                   "Half of it this year.", "The budget was cut.")
    responses.discard_draft(db.session, official, correction)
    logged = db.session.execute(select(Event.action, Event.actor_id, Event.payload).where(
        Event.object_type == "response").order_by(Event.id)).all()
    assert [action for action, _, _ in logged] == [
        "response.drafted", "response.edited", "response.submitted", "response.approved",
        "response.published", "response.correction_drafted", "response.discarded"]
    assert logged[3][1] == second_official.id
    assert logged[4][2] == {"status": "accepted", "version": 1, "submission": idea.id,
                            "ideas": 0}


# --- corrections -------------------------------------------------------------------------------

def test_a_correction_is_a_new_version_and_the_old_one_stays_visible(db, official,
                                                                     second_official, idea):
    idea.consultation.organisation.review_required = True
    first = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "Planted in May.")
    responses.submit_for_review(db.session, official, first)
    responses.approve(db.session, second_official, first)
    published(db, official, first)
    correction = responses.correct(db.session, official, first, S.PARTLY_ACCEPTED,
                                   "Half planted in May, half in autumn.", "Nursery delays")
    assert (correction.version, correction.corrects_id, correction.state) == (
        2, first.id, ResponseState.DRAFT)
    assert correction.office == first.office and correction.correction_reason == "Nursery delays"
    # Until the correction is published, the first version stands.
    assert answers.standing_for_ideas(db.session, [idea.id])[idea.id] is first
    with pytest.raises(NotAllowed, match="second official must review"):
        responses.publish(db.session, official, correction)
    responses.submit_for_review(db.session, official, correction)
    responses.approve(db.session, second_official, correction)
    published(db, official, correction)
    assert first.state is ResponseState.SUPERSEDED and first.superseded_at is not None
    assert (first.status, first.text) == (S.ACCEPTED, "Planted in May.")
    assert answers.standing_for_ideas(db.session, [idea.id])[idea.id] is correction
    record = answers.answer_record(db.session, submission_id=idea.id)
    assert record.standing.response is correction
    assert [(s.response, s.corrected_by) for s in record.earlier] == [(first, correction)]


def test_a_correction_needs_a_reason_and_a_published_answer(db, official, idea):
    draft = responses.draft_answer(db.session, official, idea, S.ACCEPTED, "")
    with pytest.raises(ConsultError, match="not published yet"):
        responses.correct(db.session, official, draft, S.ACCEPTED, "", "Because")
    published(db, official, draft)
    with pytest.raises(ConsultError, match="Say why") as refused:
        responses.correct(db.session, official, draft, S.ACCEPTED, "", "  ")
    assert refused.value.field == "reason"
    with pytest.raises(ConsultError, match="needs a justification"):
        responses.correct(db.session, official, draft, S.NOT_ACCEPTED, "", "Budget cut")
    correction = responses.correct(db.session, official, draft, S.NOT_ACCEPTED, "No money.",
                                   "Budget cut")
    with pytest.raises(Conflict, match="already in progress"):
        responses.correct(db.session, official, draft, S.NOT_ACCEPTED, "No.", "Budget cut")
    published(db, official, correction)
    with pytest.raises(Conflict, match="already corrected"):
        responses.correct(db.session, official, draft, S.ACCEPTED, "", "Money found")
    with pytest.raises(Conflict, match="corrected since"):
        responses.publish(db.session, official, draft)


def test_correcting_a_theme_answer_corrects_every_ideas_answer(db, official, clustered):
    consultation, _, _ = clustered
    theme = themes(db, consultation)[0]
    members = ideas_of(db, theme)
    first = published(db, official, responses.draft_theme_answer(
        db.session, official, theme, S.ACCEPTED, "All of it next year."))
    row = db.session.scalars(select(Response).where(Response.from_theme_id == first.id)).first()
    with pytest.raises(ConsultError, match="correct the theme's answer"):
        responses.correct(db.session, official, row, S.ACCEPTED, "", "Why")
    correction = published(db, official, responses.correct(
        db.session, official, first, S.PARTLY_ACCEPTED, "Half of it next year.", "Budget"))
    assert first.state is ResponseState.SUPERSEDED
    standing = answers.standing_for_ideas(db.session, members)
    assert {r.from_theme_id for r in standing.values()} == {correction.id}
    assert {(r.version, r.status, r.correction_reason) for r in standing.values()} == {
        (2, S.PARTLY_ACCEPTED, "Budget")}
    record = answers.answer_record(db.session, submission_id=row.submission_id)
    assert record.standing.response.text == "Half of it next year."
    assert [(s.response.id, s.corrected_by.id) for s in record.earlier] == [
        (row.id, record.standing.response.id)]
    assert row.state is ResponseState.SUPERSEDED and row.text == "All of it next year."


def test_a_theme_answer_is_not_published_once_the_theme_was_merged_away(db, official, clustered):
    consultation, run, facilitator = clustered
    first, second, _ = themes(db, consultation)
    response = responses.draft_theme_answer(db.session, official, second, S.ACCEPTED, "")
    curation.merge(db.session, facilitator, consultation, run.id, first.id, [second.id])
    with pytest.raises(ConsultError, match="merged or replaced"):
        responses.publish(db.session, official, response)
    assert response.state is ResponseState.DRAFT
