"""Facilitators open, close and publish rounds; the results page is public once published."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import Phase
from consult.opinions.voting import Voter
from consult.pairwise import rounds, voting
from consult.pairwise.models import PairwiseRound
from tests.fixtures.clients import csrf_token


def manage_page(consultation) -> str:
    return f"/facilitate/consultations/{consultation.id}/pairwise"


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("resident", 403),
                                              ("official", 403), ("monitor", 403),
                                              ("facilitator", 200), ("admin", 200)])
def test_only_facilitators_see_the_rounds_page(app, client_as, themed, role, status):
    client = client_as(role) if role else app.test_client()
    assert client.get(manage_page(themed)).status_code == status


@pytest.mark.parametrize("role", [None, "resident", "official"])
def test_others_cannot_open_close_or_publish(app, client_as, db, themed, open_round, role):
    round_ = open_round(themed)
    client = client_as(role) if role else app.test_client()
    token = csrf_token(client, f"/consultations/{themed.id}/pairwise")
    for path in (manage_page(themed), f"/facilitate/pairwise-rounds/{round_.id}/close",
                 f"/facilitate/pairwise-rounds/{round_.id}/publish"):
        response = client.post(path, data={"csrf_token": token, "subject": "themes"})
        assert response.status_code == (302 if role is None else 403)
        if role is None:
            assert "/login" in response.location
    db.session.expire_all()
    assert round_.is_open and round_.published_at is None
    assert db.session.query(PairwiseRound).count() == 1


def test_a_facilitator_opens_closes_and_publishes_a_round(client_as, db, themed):
    client = client_as("facilitator")
    page = client.get(manage_page(themed)).get_data(as_text=True)
    assert "Open the question" in page and "The consultation's current themes" in page
    token = csrf_token(client, manage_page(themed))
    opened = client.post(manage_page(themed), data={"csrf_token": token, "subject": "themes",
                                                     "question": "What should the city fix first?"})
    assert opened.status_code == 302
    round_ = db.session.scalar(select(PairwiseRound))
    assert round_.question == "What should the city fix first?" and len(round_.items) == 5
    page = client.get(manage_page(themed)).get_data(as_text=True)
    assert "What should the city fix first?" in page and "close it before opening" in page
    again = client.post(manage_page(themed), data={"csrf_token": token, "subject": "themes"})
    assert again.status_code == 409 and "already open" in again.get_data(as_text=True)
    closed = client.post(f"/facilitate/pairwise-rounds/{round_.id}/close",
                         data={"csrf_token": token})
    published = client.post(f"/facilitate/pairwise-rounds/{round_.id}/publish",
                            data={"csrf_token": token})
    assert closed.status_code == published.status_code == 302
    db.session.expire_all()
    assert not round_.is_open and round_.published_at is not None


def test_opening_without_themes_says_why(client_as, db, create_consultation):
    consultation = create_consultation(Phase.ANALYSIS)
    client = client_as("facilitator")
    token = csrf_token(client, manage_page(consultation))
    response = client.post(manage_page(consultation),
                           data={"csrf_token": token, "subject": "themes"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "There is a problem" in html
    assert "at least two themes" in html
    invalid = client.post(manage_page(consultation), data={"csrf_token": token,
                                                           "subject": "everything"})
    assert invalid.status_code == 422
    assert db.session.query(PairwiseRound).count() == 0


def results_page(round_) -> str:
    return f"/consultations/{round_.consultation_id}/pairwise/{round_.id}/results"


def test_results_are_public_once_published_and_for_staff_always(app, client, client_as, db,
                                                                themed, open_round,
                                                                facilitator):
    round_ = open_round(themed)
    voter = Voter(None, "key")
    for _ in range(3):
        pair = voting.current_pair(db.session, round_, themed, voter)
        voting.answer(db.session, round_, themed, voter, pair.token, str(pair.left.id))
    db.session.commit()
    assert client.get(results_page(round_)).status_code == 404
    staff = client_as("official").get(results_page(round_))
    assert staff.status_code == 200 and "not public yet" in staff.get_data(as_text=True)
    rounds.publish_round(db.session, facilitator, round_)
    db.session.commit()
    response = app.test_client().get(results_page(round_))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<caption" in html and html.count('<th scope="row"') == 5
    assert "People who answered: 1" in html and "Comparisons (one of the two chosen): 3" in html
    assert "decide”: 0" in html and "Bradley–Terry" in html
    assert html.count('class="interval"') == 5 and "<script>" not in html


def test_the_compare_page_links_published_results(client, db, themed, open_round,
                                                  facilitator):
    round_ = open_round(themed)
    assert results_page(round_) not in client.get(
        f"/consultations/{themed.id}/pairwise").get_data(as_text=True)
    rounds.publish_round(db.session, facilitator, round_)
    db.session.commit()
    assert results_page(round_) in client.get(
        f"/consultations/{themed.id}/pairwise").get_data(as_text=True)


def test_the_facilitators_consultation_pages_link_the_rounds(client_as, themed):
    client = client_as("facilitator")
    for page in (f"/facilitate/consultations/{themed.id}", "/facilitate/"):
        assert manage_page(themed) in client.get(page).get_data(as_text=True)
