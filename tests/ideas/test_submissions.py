"""Submitting an idea through the web form, with every bad input the issue lists."""

import re

import pytest

from consult.models import Phase, Submission, SubmissionStatus
from tests.fixtures.clients import csrf_token


@pytest.fixture(autouse=True)
def no_minimum_fill_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)


def post_idea(client, consultation, **fields):
    path = f"/consultations/{consultation.id}/ideas/new"
    html = client.get(path).get_data(as_text=True)
    started = re.search(r'name="started" type="hidden" value="([^"]*)"', html)
    data = {
        "csrf_token": csrf_token(client, path),
        "started": started.group(1) if started else "",
        "question": str(consultation.questions[0].id),
        "text": "Plant more trees along the river path",
        "website": "",
        **fields,
    }
    return client.post(path, data=data)


def test_anonymous_resident_submits_and_gets_a_private_tracking_link(
    client, db, create_consultation
):
    consultation = create_consultation()
    response = post_idea(client, consultation)
    assert response.status_code == 302
    assert "/track/" in response.headers["Location"]
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you, your idea was received" in receipt
    assert "Plant more trees along the river path" in receipt
    submission = db.session.query(Submission).one()
    assert submission.author_id is None and submission.language == "en"
    assert submission.status is SubmissionStatus.PUBLISHED


def test_tracking_link_is_mailed_when_an_email_is_given(client, app, create_consultation):
    mailman = app.extensions["mailman"]
    mailman.outbox = []  # the locmem backend of the testing config keeps mail here
    consultation = create_consultation()
    post_idea(client, consultation, email="ana@example.org")
    sent = mailman.outbox
    assert len(sent) == 1 and sent[0].to == ["ana@example.org"]
    assert "/track/" in sent[0].body


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write your idea."),
     ("     \n   ", "Write your idea."),
     ("x" * 2001, "Your idea has 2,001 characters; the limit is 2,000."),
     ("too short", "Your idea has 9 characters; write at least 10.")],
)
def test_bad_text_is_refused_with_a_clear_message_and_kept(client, db, create_consultation, text,
                                                           message):
    consultation = create_consultation()
    response = post_idea(client, consultation, text=text)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert "There is a problem" in html and "<title>Error:" in html
    assert db.session.query(Submission).count() == 0


def test_html_and_script_are_stored_as_typed_and_shown_escaped(client, db, create_consultation):
    consultation = create_consultation()
    typed = '<script>alert("x")</script> <b>bold</b> idea'
    post_idea(client, consultation, text=typed, title="<img src=x onerror=alert(1)>")
    submission = db.session.query(Submission).one()
    assert submission.text == typed
    html = client.get(f"/ideas/{submission.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert" in html and "<script>alert" not in html
    assert "&lt;img src=x" in html


def test_right_to_left_and_emoji_text_is_kept_intact(client, db, create_consultation):
    consultation = create_consultation()
    text = "نريد حدائق أكثر للأطفال 🌳👧🏽 في الحي"
    post_idea(client, consultation, text=text)
    submission = db.session.query(Submission).one()
    assert submission.text == text
    assert submission.language == "ar"
    html = client.get(f"/ideas/{submission.id}").get_data(as_text=True)
    assert text in html and 'dir="auto"' in html


def test_submission_to_a_draft_consultation_is_not_found(client, create_consultation):
    consultation = create_consultation(phase=Phase.DRAFT)
    response = client.post(f"/consultations/{consultation.id}/ideas/new", data={})
    assert response.status_code in (400, 404)


def test_question_from_another_consultation_is_refused(client, db, create_consultation):
    consultation, other = create_consultation(), create_consultation()
    response = post_idea(client, consultation, question=str(other.questions[0].id))
    assert response.status_code == 422
    assert "not part of this consultation" in response.get_data(as_text=True)


def test_anonymous_submission_refused_when_not_allowed(client, create_consultation):
    consultation = create_consultation(allow_anonymous=False)
    response = post_idea(client, consultation)
    assert response.status_code == 422
    assert "Sign in to share an idea" in response.get_data(as_text=True)


def test_signed_in_resident_is_the_author(client_as, db, create_consultation):
    client = client_as("resident")
    consultation = create_consultation(allow_anonymous=False)
    assert post_idea(client, consultation).status_code == 302
    assert db.session.query(Submission).one().author_id == client.user.id


def test_premoderated_idea_waits_and_is_not_public(client, db, create_consultation):
    consultation = create_consultation(premoderated=True)
    post_idea(client, consultation)
    submission = db.session.query(Submission).one()
    assert submission.status is SubmissionStatus.PENDING
    assert client.get(f"/ideas/{submission.id}").status_code == 404


def test_honeypot_filled_is_refused_and_text_kept(client, db, create_consultation):
    consultation = create_consultation()
    response = post_idea(client, consultation, website="http://spam.example")
    assert response.status_code == 422
    assert "Plant more trees along the river path" in response.get_data(as_text=True)
    assert db.session.query(Submission).count() == 0


def test_too_fast_submission_is_refused(client, db, app, create_consultation, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 60)
    response = post_idea(client, create_consultation())
    assert response.status_code == 422
    assert "very fast" in response.get_data(as_text=True)


def test_tampered_tracking_token_is_a_clear_404(client, create_consultation):
    location = post_idea(client, create_consultation()).headers["Location"]
    token = location.split("/track/")[1].split("?")[0]
    # A character well inside the signature: the last one's low bits may be base64 padding.
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    response = client.get(f"/track/{tampered}")
    assert response.status_code == 404
    assert "tracking link is not valid" in response.get_data(as_text=True)


def test_flood_of_submissions_from_one_address_gets_429(client, create_consultation, rate_limits,
                                                        monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SUBMIT", "3 per minute")
    consultation = create_consultation()
    statuses = [post_idea(client, consultation, text=f"Idea number {i} for the city").status_code
                for i in range(4)]
    assert statuses == [302, 302, 302, 429]
