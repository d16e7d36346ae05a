from unittest import mock

from consult.models import User
from tests.fixtures.clients import csrf_token, sign_in


def test_sign_in_with_right_password_redirects_home(client, create_user):
    user = create_user("resident")
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_generic_message(client, create_user):
    user = create_user("resident")
    wrong_password = sign_in(client, user.email, "not the password")
    unknown_email = sign_in(client, "nobody@example.org", "not the password")
    assert wrong_password.status_code == unknown_email.status_code == 422
    first = wrong_password.get_data(as_text=True)
    second = unknown_email.get_data(as_text=True)
    assert "Invalid" in first or "invalid" in first
    strip = lambda html: html.replace(user.email, "").replace("nobody@example.org", "")  # noqa: E731
    assert strip(first).split("<main")[1] == strip(second).split("<main")[1].replace(
        *_token_pair(first, second)
    )


def _token_pair(first: str, second: str) -> tuple[str, str]:
    # CSRF tokens differ between the two forms; everything else must be identical.
    import re

    pattern = re.compile(r'value="([^"]{40,})"')
    return pattern.search(second).group(1), pattern.search(first).group(1)


def test_register_creates_a_resident_account(client, db):
    response = client.post(
        "/register",
        data={
            "email": "new@example.org",
            "password": "a long enough passphrase",
            "password_confirm": "a long enough passphrase",
            "csrf_token": csrf_token(client, "/register"),
        },
    )
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="new@example.org").one()
    assert [role.name for role in user.roles] == ["resident"]


def test_register_with_taken_email_creates_no_second_account_and_reveals_nothing(
    client, db, create_user
):
    user = create_user("official", email="taken@example.org")
    response = client.post(
        "/register",
        data={
            "email": "taken@example.org",
            "password": "a long enough passphrase",
            "password_confirm": "a long enough passphrase",
            "csrf_token": csrf_token(client, "/register"),
        },
    )
    assert response.status_code in (200, 302)
    assert db.session.query(User).filter_by(email="taken@example.org").count() == 1
    assert "already" not in response.get_data(as_text=True).lower()
    assert [role.name for role in db.session.get(User, user.id).roles] == ["official"]


def test_post_without_csrf_token_is_400_with_translated_page(client):
    response = client.post(
        "/login",
        data={"email": "a@example.org", "password": "whatever"},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'lang="fr"' in html
    assert "formulaire" in html


def test_post_with_expired_csrf_token_is_400(client, app):
    with mock.patch("itsdangerous.timed.time.time", return_value=1_000_000_000):
        token = csrf_token(client)
    response = client.post(
        "/login", data={"email": "a@example.org", "password": "x" * 12, "csrf_token": token}
    )
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_login_is_rate_limited(client, create_user, rate_limits, monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_LOGIN", "3 per minute")
    user = create_user("resident")
    statuses = [sign_in(client, user.email, "wrong password!").status_code for _ in range(4)]
    assert statuses[:3] == [422, 422, 422]
    assert statuses[3] == 429
    assert "Too many requests" in sign_in(client, user.email, "wrong").get_data(as_text=True)


def test_one_time_email_code_sign_in_is_offered(client):
    html = client.get("/us-signin").get_data(as_text=True)
    assert 'name="identity"' in html or 'name="email"' in html
