"""Residents report ideas; facilitators publish, hide, restore and settle reports."""

import pytest

from consult.models import Event, Flag, Submission, SubmissionStatus
from tests.fixtures.clients import csrf_token

HTMX = {"HX-Request": "true"}


def flag(client, submission, headers=None, **fields):
    token = csrf_token(client, f"/ideas/{submission.id}")
    return client.post(f"/ideas/{submission.id}/flag", headers=headers or {},
                       data={"csrf_token": token, "reason": "spam", **fields})


def decide(client, action, submission, **fields):
    token = csrf_token(client, "/facilitate/moderation")
    return client.post(f"/facilitate/ideas/{submission.id}/{action}",
                       data={"csrf_token": token, **fields})


def status_of(db, submission) -> SubmissionStatus:
    db.session.expire_all()
    return db.session.get(Submission, submission.id).status


def test_flag_without_javascript_redirects_with_a_message(client, db, create_consultation,
                                                          create_submission):
    submission = create_submission(create_consultation())
    response = flag(client, submission, note="Selling watches")
    assert response.status_code == 302
    assert "A moderator will look" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    stored = db.session.query(Flag).one()
    assert stored.flagger_key and stored.user_id is None and stored.note == "Selling watches"
    event = db.session.query(Event).filter_by(action="submission.flagged").one()
    assert event.actor_id is None and event.payload == {"reason": "spam"}


def test_flag_with_htmx_returns_the_fragment(client, db, create_consultation,
                                             create_submission):
    submission = create_submission(create_consultation())
    response = flag(client, submission, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="flag"' in html and "A moderator will look" in html
    assert response.headers["Vary"].count("HX-Request") == 1


def test_flag_twice_from_one_browser_is_kept_once(client, db, create_consultation,
                                                  create_submission):
    submission = create_submission(create_consultation())
    flag(client, submission)
    response = flag(client, submission, headers=HTMX)
    assert "already reported" in response.get_data(as_text=True)
    assert db.session.query(Flag).count() == 1


def test_flag_once_per_account(client_as, db, create_consultation, create_submission):
    client = client_as("resident")
    submission = create_submission(create_consultation())
    flag(client, submission)
    flag(client, submission)
    assert db.session.query(Flag).one().user_id == client.user.id


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_flag_without_reason_is_422_with_the_error(client, db, create_consultation,
                                                   create_submission, headers):
    submission = create_submission(create_consultation())
    response = flag(client, submission, headers=headers, reason="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose a reason." in html and "There is a problem" in html
    assert ("<html" in html) is not bool(headers)
    assert db.session.query(Flag).count() == 0


def test_flag_form_is_on_the_idea_page(client, create_consultation, create_submission):
    submission = create_submission(create_consultation())
    html = client.get(f"/ideas/{submission.id}").get_data(as_text=True)
    assert f'action="/ideas/{submission.id}/flag"' in html and 'value="personal_data"' in html


def test_flags_flood_gets_429(client, create_consultation, create_submission, rate_limits,
                              monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SUBMIT", "2 per minute")
    submissions = [create_submission(create_consultation()) for _ in range(3)]
    assert [flag(client, s).status_code for s in submissions] == [302, 302, 429]


@pytest.mark.parametrize("path", ["/facilitate/moderation", "/facilitate/ideas/1/hide"])
def test_moderation_forbidden_when_resident(client_as, path):
    assert client_as("resident").get(path).status_code == 403


def test_moderation_redirects_to_sign_in_when_anonymous(client):
    response = client.get("/facilitate/moderation")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_moderation_queue_lists_pending_and_flagged_ideas(client_as, client, db,
                                                          create_consultation,
                                                          create_submission):
    consultation = create_consultation(premoderated=True)
    create_submission(consultation, text="Waiting idea for the park",
                      status=SubmissionStatus.PENDING)
    flag(client, create_submission(consultation, text="Reported idea about bikes"))
    html = client_as("facilitator").get("/facilitate/moderation").get_data(as_text=True)
    assert "Waiting idea for the park" in html and "Reported idea about bikes" in html
    assert "It is spam or advertising: 1" in html


def test_publish_a_pending_idea_is_logged(client_as, db, create_consultation,
                                          create_submission):
    submission = create_submission(create_consultation(premoderated=True),
                                   status=SubmissionStatus.PENDING)
    client = client_as("facilitator")
    assert decide(client, "publish", submission).status_code == 302
    assert status_of(db, submission) is SubmissionStatus.PUBLISHED
    event = db.session.query(Event).filter_by(action="submission.published").one()
    assert event.actor_id == client.user.id


def test_hide_with_a_public_reason_then_restore(client_as, client, db, create_consultation,
                                                create_submission):
    submission = create_submission(create_consultation())
    facilitator = client_as("facilitator")
    token = csrf_token(facilitator, f"/facilitate/ideas/{submission.id}/hide")
    response = facilitator.post(f"/facilitate/ideas/{submission.id}/hide",
                                data={"csrf_token": token, "reason": "Contains a phone number"})
    assert response.status_code == 302
    assert status_of(db, submission) is SubmissionStatus.HIDDEN
    public = client.get(f"/ideas/{submission.id}").get_data(as_text=True)
    assert "Contains a phone number" in public
    assert decide(facilitator, "restore", submission).status_code == 302
    assert status_of(db, submission) is SubmissionStatus.PUBLISHED
    assert db.session.query(Submission).count() == 1
    logged = [e.action for e in db.session.query(Event).order_by(Event.id)]
    assert logged[-2:] == ["submission.hidden", "submission.restored"]


def test_hide_without_reason_is_422_with_the_error(client_as, db, create_consultation,
                                                   create_submission):
    submission = create_submission(create_consultation())
    client = client_as("facilitator")
    path = f"/facilitate/ideas/{submission.id}/hide"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "reason": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<title>Error:" in html
    assert "Give the public a reason" in html
    assert status_of(db, submission) is SubmissionStatus.PUBLISHED


def test_dismiss_flags_empties_the_queue_and_keeps_the_flags(client_as, client, db,
                                                             create_consultation,
                                                             create_submission):
    submission = create_submission(create_consultation(), text="Reported idea about bikes")
    flag(client, submission)
    facilitator = client_as("facilitator")
    assert decide(facilitator, "dismiss-flags", submission).status_code == 302
    html = facilitator.get("/facilitate/moderation").get_data(as_text=True)
    assert "No idea has been reported." in html
    assert db.session.query(Flag).count() == 1
    assert db.session.query(Event).filter_by(action="submission.flags_dismissed").count() == 1


def test_decision_on_a_wrong_state_flashes_an_error(client_as, db, create_consultation,
                                                    create_submission):
    submission = create_submission(create_consultation())
    client = client_as("facilitator")
    response = decide(client, "restore", submission)
    assert response.status_code == 302
    assert "This idea is not hidden." in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_the_moderation_queue_runs_as_many_queries_for_many_reported_ideas_as_for_few(
        client_as, db, create_consultation, create_submission):
    from consult.models import FlagReason
    from tests.fixtures.queries import queries_for

    consultations = [create_consultation(), create_consultation()]

    def report(count: int) -> None:
        for number in range(count):
            idea = create_submission(consultations[number % 2], f"Reported idea {number}")
            db.session.add(Flag(submission_id=idea.id, reason=FlagReason.SPAM,
                                flagger_key=f"reporter-{idea.id}",
                                organisation_id=idea.organisation_id))
            create_submission(consultations[number % 2], f"Waiting idea {number}",
                              status=SubmissionStatus.PENDING)
        db.session.commit()

    facilitator = client_as("facilitator")
    report(2)
    few = queries_for(facilitator, "/facilitate/moderation")
    report(12)
    assert queries_for(facilitator, "/facilitate/moderation") == few
    html = facilitator.get("/facilitate/moderation").get_data(as_text=True)
    assert "Reported idea 11" in html and "Waiting idea 11" in html


def test_a_moderator_hides_an_idea_nobody_reported_from_its_page(client, client_as, db,
                                                                 create_consultation,
                                                                 create_submission):
    submission = create_submission(create_consultation())
    assert "Hide, with a public reason" not in client.get(
        f"/ideas/{submission.id}").get_data(as_text=True)  # residents do not see it
    moderator = client_as("facilitator")
    page = moderator.get(f"/ideas/{submission.id}").get_data(as_text=True)
    assert f"/facilitate/ideas/{submission.id}/hide?next=/ideas/{submission.id}" in page

    path = f"/facilitate/ideas/{submission.id}/hide"
    response = moderator.post(path, data={"csrf_token": csrf_token(moderator, path),
                                          "reason": "Personal data of a neighbour",
                                          "next": f"/ideas/{submission.id}"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/ideas/{submission.id}")
    assert status_of(db, submission) is SubmissionStatus.HIDDEN
    shown = moderator.get(f"/ideas/{submission.id}").get_data(as_text=True)
    assert "Personal data of a neighbour" in shown
    assert db.session.query(Event).filter_by(action="submission.hidden").count() == 1
