"""New passwords are refused when too short or on the breached-password list, wherever they
are chosen: registration, change, and `consult users create`."""

import pytest

from consult.accounts import users
from consult.accounts.passwords import is_breached
from consult.core.errors import ConsultError
from consult.models import User
from tests.fixtures.clients import csrf_token, sign_in
from tests.fixtures.factories import PASSWORD

BREACHED = ["password123", "qwertyuiop", "correcthorsebatterystaple", "Password123"]


@pytest.mark.parametrize("password", BREACHED)
def test_common_and_breached_passwords_are_on_the_list(password):
    assert is_breached(password)


@pytest.mark.parametrize("password", [PASSWORD, "correct horse battery staple",
                                      "lemon tractor hallway 42"])
def test_other_passwords_are_not(password):
    assert not is_breached(password)


def test_create_user_refuses_a_breached_password(db):
    with pytest.raises(ConsultError, match="data breaches"):
        users.create_user(db.session, "staff@example.org", "password123", ["facilitator"])


@pytest.mark.parametrize("password", ["password123", "qwertyuiop"])
def test_registration_refuses_a_breached_password_with_a_clear_message(client, db, password):
    response = client.post("/register", data={
        "email": "new@example.org", "password": password, "password_confirm": password,
        "csrf_token": csrf_token(client, "/register")})
    assert response.status_code == 422
    assert "exposed in data breaches" in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(email="new@example.org").count() == 0


def test_changing_to_a_breached_password_is_refused(client, db, create_user):
    user = create_user("resident")
    sign_in(client, user.email)
    response = client.post("/change", data={
        "password": PASSWORD, "new_password": "qwertyuiop", "new_password_confirm": "qwertyuiop",
        "csrf_token": csrf_token(client, "/change")})
    assert response.status_code == 422
    assert "exposed in data breaches" in response.get_data(as_text=True)
    assert sign_in(client.application.test_client(), user.email).status_code == 302
