"""Voting from a phone: the idea page's three buttons and the one-idea-at-a-time mode, with and
without JavaScript, and every refusal as a clear 4xx."""

import pytest
from sqlalchemy import select

from consult.models import OpinionVote, Phase, Stance, SubmissionStatus
from tests.fixtures.clients import csrf_token


def vote(client, idea, stance="agree", htmx=False, vote_mode=False, consultation_id=None):
    page = (f"/consultations/{idea.consultation_id}/vote" if vote_mode else f"/ideas/{idea.id}")
    data = {"csrf_token": csrf_token(client, page), "stance": stance}
    if vote_mode:
        data["from"] = "vote-mode"
    headers = {"HX-Request": "true"} if htmx else {}
    where = consultation_id or idea.consultation_id
    return client.post(f"/consultations/{where}/ideas/{idea.id}/vote", data=data,
                       headers=headers)


def test_without_javascript_a_vote_redirects_to_the_idea_and_shows_it(client, db,
                                                                      create_consultation,
                                                                      create_submission):
    idea = create_submission(create_consultation())
    response = vote(client, idea, "disagree")
    assert response.status_code == 302 and response.location.endswith(f"/ideas/{idea.id}#vote")
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Your vote: Disagree." in page and 'aria-pressed="true"' in page
    assert db.session.scalar(select(OpinionVote.stance)) is Stance.DISAGREE


def test_changing_a_vote_with_htmx_returns_only_the_vote_box(client, db, create_consultation,
                                                             create_submission):
    idea = create_submission(create_consultation())
    vote(client, idea, "agree")
    response = vote(client, idea, "pass", htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="vote"' in html
    assert "Your vote: Pass / unsure." in html
    assert db.session.scalars(select(OpinionVote.stance)).all() == [Stance.PASS]


def test_vote_mode_shows_one_idea_then_the_next(client, db, create_consultation,
                                                create_submission):
    consultation = create_consultation()
    first = create_submission(consultation, "Plant more trees on Main Street")
    second = create_submission(consultation, "Open the library on Sundays")
    page = client.get(f"/consultations/{consultation.id}/vote")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "You have voted on 0 of 2 ideas." in html
    assert html.count('name="stance"') == 3 and "no-store" in page.headers["Cache-Control"]
    shown = first if first.text in html else second
    other = second if shown is first else first
    response = vote(client, shown, vote_mode=True)
    assert response.location.endswith(f"/consultations/{consultation.id}/vote")
    html = client.get(f"/consultations/{consultation.id}/vote").get_data(as_text=True)
    assert other.text in html and "You have voted on 1 of 2 ideas." in html
    fragment = vote(client, other, vote_mode=True, htmx=True).get_data(as_text=True)
    assert "<html" not in fragment and "You have voted on every idea." in fragment


@pytest.mark.parametrize("htmx", [False, True])
def test_a_vote_value_other_than_the_three_is_a_400(client, db, create_consultation,
                                                    create_submission, htmx):
    idea = create_submission(create_consultation())
    response = vote(client, idea, "maybe", htmx=htmx)
    assert response.status_code == 400
    assert "Choose agree, disagree or pass." in response.get_data(as_text=True)
    assert db.session.scalar(select(OpinionVote.id)) is None


@pytest.mark.parametrize("status", [SubmissionStatus.HIDDEN, SubmissionStatus.WITHDRAWN])
def test_a_vote_on_a_hidden_or_withdrawn_idea_is_a_403(client, db, create_consultation,
                                                       create_submission, status):
    consultation = create_consultation()
    idea = create_submission(consultation)
    token = csrf_token(client, f"/ideas/{idea.id}")
    idea.status = status
    db.session.commit()
    response = client.post(f"/consultations/{consultation.id}/ideas/{idea.id}/vote",
                           data={"csrf_token": token, "stance": "agree"})
    assert response.status_code == 403
    assert "Only published ideas can be voted on." in response.get_data(as_text=True)


def test_a_vote_on_another_consultations_idea_is_a_404(client, db, create_consultation,
                                                       create_submission):
    here = create_consultation()
    idea = create_submission(create_consultation())
    response = vote(client, idea, consultation_id=here.id)
    assert response.status_code == 404
    assert "This idea is not part of this consultation." in response.get_data(as_text=True)


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.ANSWERED])
def test_voting_in_a_closed_phase_is_a_403_and_offers_no_buttons(client, db,
                                                                 create_consultation,
                                                                 create_submission, phase):
    consultation = create_consultation()
    idea = create_submission(consultation)
    token = csrf_token(client, f"/ideas/{idea.id}")
    consultation.phase = phase
    db.session.commit()
    response = client.post(f"/consultations/{consultation.id}/ideas/{idea.id}/vote",
                           data={"csrf_token": token, "stance": "agree"})
    assert response.status_code == 403
    assert "Voting on ideas is closed" in response.get_data(as_text=True)
    assert 'name="stance"' not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    mode = client.get(f"/consultations/{consultation.id}/vote").get_data(as_text=True)
    assert "Voting on ideas is closed" in mode and 'name="stance"' not in mode


def test_a_vote_without_its_csrf_token_is_refused(client, db, create_consultation,
                                                  create_submission):
    idea = create_submission(create_consultation())
    response = client.post(f"/consultations/{idea.consultation_id}/ideas/{idea.id}/vote",
                           data={"stance": "agree"})
    assert response.status_code == 400
    assert db.session.scalar(select(OpinionVote.id)) is None


def test_a_signed_in_resident_votes_by_account(client_as, db, create_consultation,
                                               create_submission):
    idea = create_submission(create_consultation())
    client = client_as("resident")
    vote(client, idea)
    row = db.session.scalar(select(OpinionVote))
    assert row.user_id is not None and row.voter_key is None


def test_voting_too_often_is_a_429_with_a_plain_message(app, rate_limits, monkeypatch,
                                                        create_consultation, create_submission):
    monkeypatch.setitem(rate_limits, "RATELIMIT_VOTE", "1 per minute")
    consultation = create_consultation()
    first, second = create_submission(consultation), create_submission(consultation)
    client = app.test_client()
    assert vote(client, first, htmx=True).status_code == 200
    response = vote(client, second, htmx=True)
    assert response.status_code == 429
    assert "wait a minute" in response.get_data(as_text=True)
