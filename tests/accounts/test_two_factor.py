"""Two-step sign-in: required for staff, optional for residents; codes accepted once."""

from __future__ import annotations

import re

from consult.models import Event, Role, User
from tests.fixtures.clients import csrf_token, enter_code, sign_in
from tests.fixtures.factories import PASSWORD
from tests.fixtures.two_factor import authenticator_code, code_from_key, recovery_codes

KEY = re.compile(r'id="authenticator-key" dir="ltr">([^<]+)<')


def password_step(client, user):
    return client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": csrf_token(client)})


def start_setup(client) -> str:
    """Choose the authenticator app on the setup page; return the page."""
    response = client.post("/tf-setup", data={"setup": "authenticator",
                                              "csrf_token": csrf_token(client, "/tf-setup")})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def a_wrong_code(right: str) -> str:
    return "123456" if right != "123456" else "654321"


def actions(db, user) -> list[str]:
    db.session.commit()
    return list(db.session.scalars(
        db.select(Event.action).where(Event.actor_id == user.id).order_by(Event.id)))


def test_staff_sign_in_without_two_factor_is_sent_to_setup_and_not_signed_in(app, db,
                                                                            create_user):
    user = create_user("facilitator", two_factor=False)
    client = app.test_client()
    response = password_step(client, user)
    assert response.status_code == 302 and response.location == "/tf-setup"
    page = client.get("/tf-setup")
    assert page.status_code == 200
    assert "Set up an authenticator app" in page.get_data(as_text=True)
    facilitation = client.get("/facilitate/")
    assert facilitation.status_code == 302 and "/login" in facilitation.location


def test_setup_with_the_right_code_signs_in_then_asks_for_recovery_codes(app, db, create_user):
    user = create_user("official", two_factor=False)
    client = app.test_client()
    password_step(client, user)
    page = start_setup(client)
    # The QR code is an image inside the page: no script, no request elsewhere.
    assert re.search(r'<img id="qrcode" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page)
    assert "<script" not in page.split("<main")[1]
    response = enter_code(client, code_from_key(KEY.search(page).group(1)))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.tf_primary_method == "authenticator"

    answers = client.get("/respond/")
    assert answers.status_code == 302 and answers.location == "/mf-recovery-codes"
    codes_page = client.post("/mf-recovery-codes", data={
        "generate_new_codes": "1", "csrf_token": csrf_token(client, "/mf-recovery-codes")})
    shown = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", codes_page.get_data(as_text=True))
    assert len(shown) == 8 and sorted(shown) == sorted(recovery_codes(user))
    assert client.get("/respond/").status_code == 200
    assert actions(db, user)[-3:] == ["user.two_factor_enabled", "user.signed_in",
                                      "user.recovery_codes_generated"]


def test_setup_refuses_a_wrong_code_with_422_and_keeps_the_account_without_two_factor(
        app, db, create_user):
    user = create_user("monitor", two_factor=False)
    client = app.test_client()
    password_step(client, user)
    page = start_setup(client)
    response = enter_code(client, a_wrong_code(code_from_key(KEY.search(page).group(1))))
    assert response.status_code == 422
    assert "That code is not right" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.tf_primary_method is None


def test_staff_sign_in_asks_for_the_code_and_refuses_a_wrong_one(app, db, create_user):
    user = create_user("facilitator")
    client = app.test_client()
    response = password_step(client, user)
    assert response.status_code == 302 and response.location.startswith("/tf-validate")
    refused = enter_code(client, a_wrong_code(authenticator_code(user)))
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "That code is not right" in html and "There is a problem" in html
    assert client.get("/facilitate/").status_code == 302
    assert enter_code(client, authenticator_code(user)).status_code == 302
    assert client.get("/facilitate/").status_code == 200


def test_a_code_already_used_is_refused_even_within_its_time(app, db, create_user):
    user = create_user("facilitator")
    first = app.test_client()
    password_step(first, user)
    code = authenticator_code(user)
    assert enter_code(first, code).status_code == 302

    second = app.test_client()
    password_step(second, user)
    refused = enter_code(second, code)
    assert refused.status_code == 422
    assert "already been used" in refused.get_data(as_text=True)
    assert second.get("/facilitate/").status_code == 302


def test_a_wrong_code_in_arabic_is_refused_in_arabic_page(app, db, create_user):
    user = create_user("facilitator")
    client = app.test_client()
    client.set_cookie("locale", "ar")
    password_step(client, user)
    refused = enter_code(client, a_wrong_code(authenticator_code(user)))
    assert refused.status_code == 422
    assert 'dir="rtl"' in refused.get_data(as_text=True)


def test_a_recovery_code_signs_in_once_and_not_twice(app, db, create_user):
    user = create_user("admin")
    code = recovery_codes(user)[0]
    first = app.test_client()
    password_step(first, user)
    signed_in = enter_code(first, code.upper().replace("-", " - "), "/mf-recovery")
    assert signed_in.status_code == 302
    assert first.get("/facilitate/").status_code == 200
    assert code not in recovery_codes(db.session.get(User, user.id))

    second = app.test_client()
    password_step(second, user)
    refused = enter_code(second, code, "/mf-recovery")
    assert refused.status_code == 422
    assert "recovery code is not right" in refused.get_data(as_text=True)
    used = db.session.scalars(db.select(Event).where(
        Event.action == "user.recovery_code_used")).all()
    assert [event.payload for event in used] == [{"remaining": 7}]


def test_a_resident_signs_in_with_a_password_alone_and_may_turn_two_factor_on(
        app, db, create_user):
    user = create_user("resident")
    client = app.test_client()
    assert sign_in(client, user.email).location == "/"
    page = client.get("/tf-setup")
    assert page.status_code == 200 and "Set up an authenticator app" in page.get_data(as_text=True)
    page = start_setup(client)
    token = re.search(r'action="/tf-setup/([^"]+)"', page).group(1)
    response = client.post(f"/tf-setup/{token}", data={
        "code": code_from_key(KEY.search(page).group(1)),
        "csrf_token": csrf_token(client, "/tf-setup")})
    assert response.status_code == 302 and response.location == "/me/security"
    db.session.refresh(user)
    assert user.tf_primary_method == "authenticator"
    # Residents' sign-ins stay out of the published event log.
    assert "user.two_factor_enabled" not in actions(db, user)


def test_an_account_made_staff_while_signed_in_is_sent_to_setup_before_any_page(
        client_as, db):
    client = client_as("resident")
    user = db.session.get(User, client.user.id)
    user.roles.append(db.session.scalar(db.select(Role).filter_by(name="facilitator")))
    db.session.commit()
    for path in ("/", "/facilitate/", "/me/"):
        response = client.get(path)
        assert response.status_code == 302 and response.location == "/tf-setup", path
    assert client.get("/tf-setup").status_code == 200


def test_staff_clients_of_the_fixture_passed_the_second_step(client_as, db):
    client = client_as("official")
    assert client.get("/respond/").status_code == 200
    assert actions(db, client.user)[-1] == "user.signed_in"
    event = db.session.scalars(db.select(Event).where(Event.action == "user.signed_in")).one()
    assert event.payload == {"method": "authenticator"}
