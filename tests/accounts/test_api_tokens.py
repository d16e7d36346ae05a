"""Personal access tokens: created by staff on their account page and shown once, kept
hashed, listed, revoked; checked as the API will check them."""

import re

from sqlalchemy import select

from consult.accounts import api_tokens
from consult.models import ApiToken, TokenScope, User
from tests.fixtures.clients import csrf_token

PAGE = "/me/tokens/"


def create(client, name="Workshop tablet", scope="write"):
    return client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "name": name,
                                   "scope": scope})


def test_a_facilitator_creates_a_token_shown_once_and_kept_only_hashed(db, client_as):
    client = client_as("facilitator")
    created = create(client)
    assert created.status_code == 200 and "shown only this once" in created.text
    text = re.search(r'class="token">(consult_[\w-]+)<', created.text).group(1)
    token = db.session.scalars(select(ApiToken)).one()
    assert token.token_hash == api_tokens.digest(text) and text not in (token.prefix, token.name)
    assert token.scope is TokenScope.WRITE
    listed = client.get(PAGE).text
    assert "Workshop tablet" in listed and text not in listed and token.prefix in listed
    assert api_tokens.authenticate(db.session, text).id == token.id
    assert token.last_used_at is not None


def test_a_revoked_forged_or_turned_off_token_does_not_authenticate(db, client_as):
    client = client_as("official")
    text = re.search(r'class="token">(consult_[\w-]+)<', create(client).text).group(1)
    token = db.session.scalars(select(ApiToken)).one()
    assert api_tokens.authenticate(db.session, text[:-1] + ("A" if text[-1] != "A" else "B")) \
        is None
    assert api_tokens.authenticate(db.session, "Bearer nothing") is None
    revoked = client.post(f"{PAGE}{token.id}/revoke",
                          data={"csrf_token": csrf_token(client, PAGE)})
    assert revoked.status_code == 302
    db.session.expire_all()
    assert api_tokens.authenticate(db.session, text) is None
    again = client.post(f"{PAGE}{token.id}/revoke", data={"csrf_token": csrf_token(client, PAGE)})
    assert again.status_code == 404 and "revoked already" in again.text


def test_a_token_of_an_account_turned_off_stops_working(db, client_as):
    client = client_as("facilitator")
    text = re.search(r'class="token">(consult_[\w-]+)<', create(client).text).group(1)
    token = db.session.scalars(select(ApiToken)).one()
    db.session.get(User, token.user_id).active = False
    db.session.commit()
    assert api_tokens.authenticate(db.session, text) is None


def test_bad_names_and_scopes_are_refused_and_nothing_is_created(db, client_as):
    client = client_as("facilitator")
    for name, scope, message in [("", "read", "Name the token in 1 to 80 characters"),
                                 ("x" * 81, "read", "Name the token in 1 to 80 characters"),
                                 ("Tablet", "admin", "Choose what the token may do")]:
        response = create(client, name, scope)
        assert response.status_code == 422 and message in response.text
    assert db.session.scalars(select(ApiToken)).all() == []


def test_residents_have_no_tokens_and_nobody_revokes_another_s(db, client_as):
    resident = client_as("resident")
    assert "Only staff accounts have API tokens" in resident.get(PAGE).text
    refused = create(resident)
    assert refused.status_code == 403 and db.session.scalars(select(ApiToken)).all() == []
    owner = client_as("facilitator")
    create(owner)
    token = db.session.scalars(select(ApiToken)).one()
    other = client_as("admin")
    response = other.post(f"{PAGE}{token.id}/revoke", data={"csrf_token": csrf_token(other, PAGE)})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None
