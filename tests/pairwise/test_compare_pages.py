"""The residents' page: two items and three buttons, with and without JavaScript, and every
refusal as a clear 4xx that stores nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from consult.models import Phase
from consult.pairwise import voting
from consult.pairwise.models import PairwiseVote

TOKEN = re.compile(r'name="token" value="([^"]+)"')
CHOICES = re.compile(r'name="choice" value="(\d+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def shown(client, consultation):
    """(csrf token, pair token, [left id, right id]) of the page as a browser gets it."""
    html = client.get(f"/consultations/{consultation.id}/pairwise").get_data(as_text=True)
    return CSRF.search(html).group(1), TOKEN.search(html).group(1), \
        [int(i) for i in CHOICES.findall(html)]


def post(client, consultation, round_, data, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/consultations/{consultation.id}/pairwise/{round_.id}/answers",
                       data=data, headers=headers)


def votes(db) -> int:
    return db.session.scalar(select(func.count(PairwiseVote.id)))


def test_the_page_shows_two_items_and_three_buttons(client, db, themed, open_round):
    open_round(themed)
    response = client.get(f"/consultations/{themed.id}/pairwise")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert "Which matters more to you?" in html and "I can't decide" in html
    assert html.count('name="choice"') == 3 and len(CHOICES.findall(html)) == 2
    assert "supporter=" in response.headers.get("Set-Cookie", "")


def test_without_javascript_an_answer_redirects_to_the_next_pair(client, db, themed,
                                                                 open_round):
    round_ = open_round(themed)
    csrf, token, (left, right) = shown(client, themed)
    response = post(client, themed, round_, {"csrf_token": csrf, "token": token,
                                             "choice": str(right)})
    assert response.status_code == 302
    assert response.location.endswith(f"/consultations/{themed.id}/pairwise")
    html = client.get(response.location).get_data(as_text=True)
    assert "Saved. Here is another pair." in html and "You have answered 1 pair." in html
    assert set(int(i) for i in CHOICES.findall(html)) != {left, right}
    vote = db.session.scalar(select(PairwiseVote))
    assert (vote.winner_item_id, vote.loser_item_id) == (right, left)


def test_with_htmx_an_answer_returns_only_the_pair_box(client, db, themed, open_round):
    round_ = open_round(themed)
    csrf, token, _ = shown(client, themed)
    response = post(client, themed, round_, {"csrf_token": csrf, "token": token,
                                             "choice": "undecided"}, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="pair"' in html
    assert "you could not decide" in html and html.count('name="choice"') == 3
    assert "HX-Request" in response.headers["Vary"]


def test_a_double_answer_to_the_same_pair_is_stored_once(client, db, themed, open_round):
    round_ = open_round(themed)
    csrf, token, (left, right) = shown(client, themed)
    post(client, themed, round_, {"csrf_token": csrf, "token": token, "choice": str(left)})
    again = post(client, themed, round_, {"csrf_token": csrf, "token": token,
                                          "choice": str(left)}, htmx=True)
    assert again.status_code == 200 and "already saved" in again.get_data(as_text=True)
    assert votes(db) == 1


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("tamper", ["forged", "other_item", "missing"])
def test_an_answer_to_a_pair_never_shown_is_a_400_and_stores_nothing(client, db, themed,
                                                                      open_round, tamper,
                                                                      htmx):
    round_ = open_round(themed)
    csrf, token, (left, right) = shown(client, themed)
    outside = next(item.id for item in round_.items if item.id not in (left, right))
    data = {"csrf_token": csrf, "token": token, "choice": str(left)}
    if tamper == "forged":
        data["token"] = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    elif tamper == "other_item":
        data["choice"] = str(outside)
    else:
        del data["token"]
    response = post(client, themed, round_, data, htmx=htmx)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    expected = "one of the two shown" if tamper == "other_item" else "not shown to you"
    assert expected in html and ("<html" in html) is not htmx
    assert votes(db) == 0


def test_a_pair_shown_to_another_browser_is_refused(app, client, db, themed, open_round):
    round_ = open_round(themed)
    csrf, token, (left, _) = shown(client, themed)
    other = app.test_client()
    other_csrf, _, _ = shown(other, themed)
    response = post(other, themed, round_, {"csrf_token": other_csrf, "token": token,
                                            "choice": str(left)})
    assert response.status_code == 400
    assert "shown to another account or browser" in response.get_data(as_text=True)
    assert votes(db) == 0


def test_a_closed_round_says_so_and_takes_no_answer(client, db, themed, open_round,
                                                    facilitator):
    round_ = open_round(themed)
    csrf, token, (left, _) = shown(client, themed)
    from consult.pairwise import rounds
    rounds.close_round(db.session, facilitator, round_)
    db.session.commit()
    response = post(client, themed, round_, {"csrf_token": csrf, "token": token,
                                             "choice": str(left)})
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "This question is closed" in html and 'name="choice"' not in html
    page = client.get(f"/consultations/{themed.id}/pairwise").get_data(as_text=True)
    assert "This question is closed" in page and 'name="choice"' not in page
    assert votes(db) == 0


def test_a_consultation_past_its_analysis_takes_no_answer(client, db, themed, open_round):
    round_ = open_round(themed)
    csrf, token, (left, _) = shown(client, themed)
    themed.phase = Phase.ANSWERED
    db.session.commit()
    response = post(client, themed, round_, {"csrf_token": csrf, "token": token,
                                             "choice": str(left)})
    assert response.status_code == 403 and votes(db) == 0


def test_without_any_round_the_page_is_a_404(client, db, themed):
    response = client.get(f"/consultations/{themed.id}/pairwise")
    assert response.status_code == 404
    assert "no question to compare" in response.get_data(as_text=True)


def test_the_consultation_page_links_the_open_round_only(client, db, themed, open_round,
                                                         facilitator):
    link = f"/consultations/{themed.id}/pairwise"
    assert link not in client.get(f"/consultations/{themed.id}").get_data(as_text=True)
    round_ = open_round(themed)
    assert link in client.get(f"/consultations/{themed.id}").get_data(as_text=True)
    from consult.pairwise import rounds
    rounds.close_round(db.session, facilitator, round_)
    db.session.commit()
    assert link not in client.get(f"/consultations/{themed.id}").get_data(as_text=True)


def test_residents_may_share_an_idea_from_the_page_while_ideas_come_in(
        client, db, create_consultation, create_submission, open_round):
    from consult.pairwise.models import Subject
    consultation = create_consultation(Phase.OPEN)
    create_submission(consultation, "Plant more trees")
    create_submission(consultation, "Fix the potholes")
    open_round(consultation, Subject.IDEAS)
    html = client.get(f"/consultations/{consultation.id}/pairwise").get_data(as_text=True)
    assert f'href="/consultations/{consultation.id}/ideas/new"' in html
    assert "Plant more trees" in html and "Fix the potholes" in html
    consultation.phase = Phase.ANALYSIS  # ideas no longer come in; the comparing goes on
    db.session.commit()
    html = client.get(f"/consultations/{consultation.id}/pairwise").get_data(as_text=True)
    assert "/ideas/new" not in html and html.count('name="choice"') == 3


def test_a_signed_in_resident_answers_by_account(client_as, db, themed, open_round):
    round_ = open_round(themed)
    client = client_as("resident")
    csrf, token, (left, _) = shown(client, themed)
    post(client, themed, round_, {"csrf_token": csrf, "token": token, "choice": str(left)})
    vote = db.session.scalar(select(PairwiseVote))
    assert vote.user_id == client.user.id and vote.voter_key is None


def test_answering_too_often_is_a_429(app, rate_limits, monkeypatch, db, themed, open_round):
    monkeypatch.setitem(rate_limits, "RATELIMIT_VOTE", "1 per minute")
    round_ = open_round(themed)
    client = app.test_client()
    csrf, token, (left, _) = shown(client, themed)
    data = {"csrf_token": csrf, "token": token, "choice": str(left)}
    assert post(client, themed, round_, data, htmx=True).status_code == 200
    assert post(client, themed, round_, data, htmx=True).status_code == 429


def test_a_token_reads_back_only_as_signed_with_whole_ids(db, themed, open_round):
    round_ = open_round(themed)
    pair = voting.current_pair(db.session, round_, themed, voting.Voter(None, "key"))
    assert voting.read_pair_token(pair.token)[1:] == (pair.left.id, pair.right.id)
    assert voting.read_pair_token(voting._serializer().dumps([1, "2", 3])) is None
    assert voting.read_pair_token(voting._serializer().dumps({"pair": 1})) is None
    assert voting.read_pair_token(None) is None


def test_search_engines_are_asked_not_to_draw_pairs(client, themed, open_round):
    open_round(themed)
    page = client.get(f"/consultations/{themed.id}/pairwise").text
    assert '<meta name="robots" content="noindex">' in page
