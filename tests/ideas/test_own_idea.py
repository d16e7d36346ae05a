"""The author of an idea, through its private link: correcting it for a while, withdrawing it."""

from datetime import timedelta

import pytest

from consult.core.errors import Conflict
from consult.core.tokens import tracking_token
from consult.ideas import author as idea_author
from consult.models import Event, Phase, Submission, SubmissionRevision, SubmissionStatus
from consult.themes import clustering
from tests.fixtures.clients import csrf_token


def link(submission: Submission) -> str:
    return f"/track/{tracking_token(submission.id, submission.tracking_nonce)}"


def post(client, submission, action, **fields):
    return client.post(f"{link(submission)}/{action}",
                       data={"csrf_token": csrf_token(client), **fields})


@pytest.fixture()
def idea(create_consultation, create_submission):
    return create_submission(create_consultation(), text="Plant more tres along the river")


def test_the_private_page_links_the_public_idea_and_says_whether_the_link_was_mailed(
        client, idea, db):
    html = client.get(link(idea)).get_data(as_text=True)
    assert f'href="/ideas/{idea.id}"' in html
    assert "this link was not sent by mail" in html
    idea.contact_email = "ana@example.org"
    db.session.commit()
    assert "also sent to the email address you gave" in client.get(link(idea)).get_data(
        as_text=True)


def test_the_author_corrects_a_typo_and_the_old_text_is_kept(client, idea, db):
    response = post(client, idea, "correct", text="Plant more trees along the river", title="")
    assert response.status_code == 302
    db.session.expire_all()
    assert idea.text == "Plant more trees along the river"
    revision = db.session.query(SubmissionRevision).one()
    assert revision.text == "Plant more tres along the river"
    assert db.session.query(Event).filter_by(action="submission.corrected").count() == 1
    page = client.get(link(idea)).get_data(as_text=True)
    assert "Corrected by its author once" in page


def test_a_correction_after_the_window_is_refused_and_the_text_shown_again(client, idea, db):
    idea.created_at -= idea_author.CORRECTION_WINDOW + timedelta(seconds=1)
    db.session.commit()
    assert "Correct a mistake" not in client.get(link(idea)).get_data(as_text=True)
    response = post(client, idea, "correct", text="Something else entirely, too late")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "only in the first 30 minutes" in html
    assert "Something else entirely, too late" in html
    db.session.expire_all()
    assert idea.text == "Plant more tres along the river"
    assert db.session.query(SubmissionRevision).count() == 0


def test_a_correction_too_short_keeps_the_form_with_its_error(client, idea, db):
    response = post(client, idea, "correct", text="short")
    assert response.status_code == 422
    assert "write at least 10" in response.get_data(as_text=True)
    db.session.expire_all()
    assert idea.text == "Plant more tres along the river"


def test_the_author_withdraws_the_idea_and_it_leaves_lists_and_themes(client, idea, db):
    consultation_id = idea.consultation_id
    response = post(client, idea, "withdraw")
    assert response.status_code == 302
    db.session.expire_all()
    assert idea.status is SubmissionStatus.WITHDRAWN and idea.withdrawn_at is not None
    assert idea not in clustering.published_ideas(db.session, consultation_id)
    listing = client.get(f"/consultations/{consultation_id}/ideas").get_data(as_text=True)
    assert "Plant more tres" not in listing
    public = client.get(f"/ideas/{idea.id}")
    assert public.status_code == 200
    assert "withdrew this idea" in public.get_data(as_text=True)
    assert "Plant more tres" not in public.get_data(as_text=True)
    mine = client.get(link(idea)).get_data(as_text=True)
    assert "Withdrawn by its author" in mine and "Withdraw my idea" not in mine
    again = post(client, idea, "withdraw")
    assert again.status_code == 409
    assert "already withdrawn" in again.get_data(as_text=True)


def test_a_withdrawn_idea_can_no_longer_be_supported_or_corrected(client, idea, db):
    post(client, idea, "withdraw")
    response = post(client, idea, "correct", text="Plant more trees along the river")
    assert response.status_code == 409
    support = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": csrf_token(client)})
    assert support.status_code == 403
    assert "Only published ideas can be supported" in support.get_data(as_text=True)
    db.session.expire_all()
    assert idea.support_count == 0


@pytest.mark.parametrize("action", ["withdraw", "correct"])
def test_a_forged_or_old_tracking_link_changes_nothing(client, idea, db, action):
    page = link(idea)
    token = csrf_token(client, page)
    forged = page[:-3] + ("aaa" if not page.endswith("aaa") else "bbb")
    response = client.post(f"{forged}/{action}", data={
        "csrf_token": token, "text": "Someone else's words replace the idea"})
    assert response.status_code == 404
    assert "tracking link is not valid" in response.get_data(as_text=True)
    idea.tracking_nonce = "renewed"  # a new nonce revokes the old links
    db.session.commit()
    response = client.post(f"{page}/{action}", data={
        "csrf_token": token, "text": "Someone else's words replace the idea"})
    assert response.status_code == 404
    db.session.expire_all()
    assert idea.status is SubmissionStatus.PUBLISHED
    assert idea.text == "Plant more tres along the river"


def test_a_hidden_idea_cannot_be_withdrawn(db, idea):
    idea.status = SubmissionStatus.HIDDEN
    with pytest.raises(Conflict):
        idea_author.withdraw_idea(db.session, idea)


def test_corrections_stop_when_the_consultation_closes(db, idea):
    idea.consultation.phase = Phase.CLOSED
    assert not idea_author.may_correct(idea)
    with pytest.raises(Conflict):
        idea_author.correct_idea(db.session, idea, "", "Plant more trees along the river")


def test_a_hidden_idea_keeps_its_text_out_of_the_page_title(client, db, idea):
    idea.status, idea.moderation_reason = SubmissionStatus.HIDDEN, "Personal data"
    db.session.commit()
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "<title>Hidden idea" in html
    assert "Plant more tres" not in html
