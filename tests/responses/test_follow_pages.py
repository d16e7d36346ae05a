"""The "Follow by email" form on consultation and commitment pages, the confirmation and stop
links, and every bad input answered with a clear 4xx."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import Follow, Phase
from consult.responses import follows, notices
from tests.fixtures import follows as fixtures
from tests.fixtures.clients import csrf_token
from tests.fixtures.follows import link_in

commitment, consultation, facilitator, outbox = (
    fixtures.commitment, fixtures.consultation, fixtures.facilitator, fixtures.outbox)

ASKED = "If this address can receive mail, a message with a link is on its way."


def follow(client, path: str, email: str, page: str | None = None):
    """As a resident does: read the page, send its form."""
    assert client.get(page or path.removesuffix("/follow")).status_code == 200
    return client.post(path, data={"email": email})


def the_follow(db) -> Follow:
    return db.session.scalars(select(Follow)).one()


def test_consultation_page_offers_to_follow_by_email(client, consultation):
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)

    assert f'action="/consultations/{consultation.id}/follow"' in html
    assert "Follow by email" in html and "Every mail has a link to stop." in html
    assert 'type="email"' in html


def test_commitment_page_offers_to_follow_by_email(client, commitment):
    response = client.get(f"/commitments/{commitment.id}")

    assert f'action="/commitments/{commitment.id}/follow"' in response.get_data(as_text=True)
    # no token, so the page is the same for every reader without a session
    assert response.headers["Cache-Control"] == "public, no-cache"


def test_following_mails_a_link_that_confirms_once_then_says_so(client, db, consultation,
                                                                 outbox):
    response = follow(client, f"/consultations/{consultation.id}/follow", "ana@example.org")

    assert response.status_code == 200
    assert ASKED in response.get_data(as_text=True)
    assert [mail.to for mail in outbox] == [["ana@example.org"]]
    link = link_in(outbox[0].body, "/follow/confirm/")
    first, again = client.get(link), client.get(link)
    assert first.status_code == 200 and "You are following this now" in first.get_data(
        as_text=True)
    assert again.status_code == 200 and "You already follow this" in again.get_data(
        as_text=True)
    assert the_follow(db).confirmed_at is not None


def test_following_a_commitment(client, db, commitment, outbox):
    response = follow(client, f"/commitments/{commitment.id}/follow", "ana@example.org")

    assert response.status_code == 200 and ASKED in response.get_data(as_text=True)
    assert the_follow(db).commitment_id == commitment.id
    assert "Open budget data" in outbox[0].subject


def test_the_answer_is_the_same_for_a_follower_an_opted_out_address_and_a_newcomer(
        client, db, consultation, outbox):
    path = f"/consultations/{consultation.id}/follow"
    follow(client, path, "ana@example.org")
    client.get(link_in(outbox[0].body, "/follow/confirm/"))
    notices.opt_out(db.session, "ben@example.org")
    db.session.commit()

    pages = [follow(client, path, email) for email in
             ("ana@example.org", "ben@example.org", "cleo@example.org")]

    assert {page.status_code for page in pages} == {200}
    bodies = [_main(page) for page in pages]
    assert bodies[0] == bodies[1] == bodies[2]
    assert [mail.to[0] for mail in outbox[1:]] == ["ana@example.org", "cleo@example.org"]
    assert "already follow" in outbox[1].subject


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


@pytest.mark.parametrize("email", ["", "not an address", "ana@", "a" * 260 + "@example.org"])
def test_an_invalid_address_is_refused_with_the_form_kept(client, db, consultation, outbox,
                                                           email):
    response = follow(client, f"/consultations/{consultation.id}/follow", email)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error:" in html
    assert "Enter an email address like name@example.org." in html
    assert f'action="/consultations/{consultation.id}/follow"' in html
    if email.strip():
        assert f'value="{email}"' in html
    assert outbox == [] and db.session.scalars(select(Follow)).all() == []


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "same-origin"},
                                     {"Origin": "http://localhost"}, {}])
def test_the_form_needs_no_token_so_the_page_sets_no_cookie(client, db, consultation, outbox,
                                                            headers):
    page = client.get(f"/consultations/{consultation.id}")
    assert "Set-Cookie" not in page.headers
    assert 'name="csrf_token"' not in page.get_data(as_text=True)

    response = client.post(f"/consultations/{consultation.id}/follow",
                           data={"email": "ana@example.org"}, headers=headers)

    assert response.status_code == 200 and ASKED in response.get_data(as_text=True)
    assert the_follow(db).email == "ana@example.org" and len(outbox) == 1


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"},
                                     {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "https://elsewhere.example"},
                                     {"Origin": "null"}])
def test_a_form_sent_from_another_site_is_refused(client, db, consultation, outbox, headers):
    response = client.post(f"/consultations/{consultation.id}/follow",
                           data={"email": "ana@example.org"}, headers=headers)

    assert response.status_code == 400
    assert "sent from another page" in response.get_data(as_text=True)
    assert db.session.scalars(select(Follow)).all() == [] and outbox == []


def test_a_draft_or_unknown_consultation_cannot_be_followed(client, create_consultation):
    draft = create_consultation(Phase.DRAFT)
    token = csrf_token(client)

    for consultation_id in (draft.id, 999999):
        response = client.post(f"/consultations/{consultation_id}/follow",
                               data={"csrf_token": token, "email": "ana@example.org"})
        assert response.status_code == 404
        assert "does not exist or is not public yet" in response.get_data(as_text=True)


def test_an_unpublished_commitment_cannot_be_followed(client, db, commitment):
    commitment.plan.published_at = None
    db.session.commit()

    response = client.post(f"/commitments/{commitment.id}/follow",
                           data={"csrf_token": csrf_token(client),
                                 "email": "ana@example.org"})

    assert response.status_code == 404
    assert "not published yet" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/follow/confirm/not-a-token", "/follow/confirm/WzFd.x"])
def test_a_forged_confirmation_link_is_refused(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "This confirmation link is not valid." in response.get_data(as_text=True)


def test_a_changed_confirmation_link_is_refused(client, db, consultation, outbox):
    follow(client, f"/consultations/{consultation.id}/follow", "ana@example.org")
    link = link_in(outbox[0].body, "/follow/confirm/")
    # Not the last character: its low bits may be base64 padding, which decoding ignores.
    changed = link[:-6] + ("A" if link[-6] != "A" else "B") + link[-5:]

    assert client.get(changed).status_code == 404
    assert the_follow(db).confirmed_at is None


def test_stop_link_shows_a_button_then_one_click_stops_without_csrf(client, db, consultation,
                                                                    outbox):
    follow(client, f"/consultations/{consultation.id}/follow", "ana@example.org")
    client.get(link_in(outbox[0].body, "/follow/confirm/"))
    path = "/follow/stop/" + follows.link_token("stop", the_follow(db))

    page = client.get(path)
    stopped = client.post(path, data={"List-Unsubscribe": "One-Click"})

    assert page.status_code == 200
    assert f'<form method="post" action="{path}">' in page.get_data(as_text=True)
    assert stopped.status_code == 200
    assert "You no longer follow this" in stopped.get_data(as_text=True)
    assert db.session.scalars(select(Follow)).all() == []
    assert client.post(path).status_code == 200  # a second click: nothing left to stop
    assert "You no longer follow this" in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_stop_link_is_refused(client, method):
    response = getattr(client, method)("/follow/stop/not-a-token")

    assert response.status_code == 404
    assert "This link to stop following is not valid." in response.get_data(as_text=True)


def test_too_many_requests_for_one_address_are_refused_in_the_readers_language(
        client, consultation, outbox, rate_limits):
    path = f"/consultations/{consultation.id}/follow"
    answers = [follow(client, path, "ana@example.org").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert len(outbox) == 3
    refused = follow(client, path, "ana@example.org")
    assert "Too many requests" in refused.get_data(as_text=True)
    assert follow(client, path, "ben@example.org").status_code == 200
