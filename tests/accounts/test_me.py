"""My participation: own ideas, data download, erasing the account."""

from consult.cli import cli
from consult.ideas import submitting as submissions
from consult.models import Submission, Support, User
from tests.fixtures.clients import csrf_token


def test_my_ideas_lists_own_ideas_with_status(client_as, create_consultation, create_submission):
    client = client_as("resident")
    consultation = create_consultation()
    create_submission(consultation, text="Mine: a bus stop shelter", author_id=client.user.id)
    create_submission(consultation, text="Somebody else's idea")
    html = client.get("/me/").get_data(as_text=True)
    assert "Mine: a bus stop shelter" in html and "Published" in html
    assert "Somebody else" not in html


def test_my_ideas_needs_an_account(client):
    response = client.get("/me/")
    assert response.status_code in (302, 401)


def test_download_holds_account_and_ideas(client_as, create_consultation, create_submission):
    client = client_as("resident")
    create_submission(create_consultation(), text="Library open on Sundays",
                      author_id=client.user.id)
    response = client.get("/me/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.json["account"]["email"] == client.user.email
    assert response.json["ideas"][0]["text"] == "Library open on Sundays"


def test_tracking_link_gives_that_ideas_data(client, db, create_consultation):
    consultation = create_consultation()
    idea = submissions.submit_idea(
        db.session, None, consultation,
        submissions.IdeaInput(text="Night buses on weekends", email="me@example.org"),
    )
    db.session.commit()
    from consult.core.tokens import tracking_token

    with client.application.test_request_context():
        token = tracking_token(idea.id, idea.tracking_nonce)
    data = client.get(f"/me/track/{token}/data.json").json
    assert data["ideas"][0]["contact_email"] == "me@example.org"
    assert client.get(f"/me/track/{token}x/data.json").status_code == 404


def test_erasing_the_account_keeps_ideas_anonymous_and_the_log_valid(
    client_as, db, runner, create_consultation, create_submission
):
    client = client_as("resident")
    user_id, email = client.user.id, client.user.email
    consultation = create_consultation()
    idea = create_submission(consultation, text="Safer crossings near schools",
                             author_id=user_id, contact_email=email)
    other = create_submission(consultation, text="Another idea to support")
    submissions.support(db.session, other, db.session.get(User, user_id), None)
    db.session.commit()
    response = client.post("/me/erase", data={"csrf_token": csrf_token(client, "/me/erase")})
    assert response.status_code == 302
    db.session.expire_all()
    kept = db.session.get(Submission, idea.id)
    assert kept.text == "Safer crossings near schools"
    assert kept.author_id is None and kept.contact_email is None
    user = db.session.get(User, user_id)
    assert user.email != email and not user.active and user.password is None
    assert db.session.get(Submission, other.id).support_count == 1
    assert db.session.query(Support).filter_by(user_id=user_id).count() == 0
    assert runner.invoke(cli, ["audit", "verify"]).exit_code == 0
