"""Sessions: listed on the account page, ended from another browser, idle staff signed out."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from consult.core.base import utcnow
from consult.models import AccountSession, Event
from tests.fixtures.clients import csrf_token, enter_code, sign_in
from tests.fixtures.factories import PASSWORD
from tests.fixtures.two_factor import authenticator_code

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def browser(app, user_agent: str):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    return client


def sessions(db, user) -> list[AccountSession]:
    db.session.commit()
    return list(db.session.scalars(db.select(AccountSession).filter_by(user_id=user.id)))


def next_page(location: str) -> str:
    assert urlsplit(location).path == "/login"
    return parse_qs(urlsplit(location).query)["next"][0]


def idle(db, user, minutes: int) -> None:
    for account_session in sessions(db, user):
        account_session.last_seen_at = utcnow() - timedelta(minutes=minutes)
    db.session.commit()


def test_idle_staff_session_expires_and_sign_in_leads_back_to_the_page(client_as, db):
    client = client_as("facilitator")
    idle(db, client.user, 31)
    response = client.get("/facilitate/?tab=open")
    assert response.status_code == 302
    assert next_page(response.location) == "/facilitate/?tab=open"
    page = client.get(response.location).get_data(as_text=True)
    assert "inactive for 30 minutes" in page
    assert sessions(db, client.user) == []
    assert client.get("/facilitate/").status_code == 302
    expired = db.session.scalars(db.select(Event).filter_by(action="user.session_expired")).one()
    assert expired.actor_id == client.user.id and expired.payload == {}

    second_step = client.post(response.location, data={
        "email": client.user.email, "password": PASSWORD, "csrf_token": csrf_token(client)})
    back = enter_code(client, authenticator_code(client.user), second_step.location)
    assert back.location == "/facilitate/?tab=open"


def test_idle_time_follows_the_setting(client_as, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_IDLE_MINUTES", 5)
    client = client_as("monitor")
    idle(db, client.user, 4)
    assert client.get("/monitor/").status_code == 200
    idle(db, client.user, 6)
    assert "/login" in client.get("/monitor/").location


def test_a_staff_form_sent_after_the_idle_time_leads_back_to_the_page_it_was_on(client_as,
                                                                                  db):
    client = client_as("facilitator")
    token = csrf_token(client, "/facilitate/")
    idle(db, client.user, 45)
    response = client.post("/facilitate/consultations/new", data={"csrf_token": token},
                           headers={"Referer": "http://localhost/facilitate/"})
    assert next_page(response.location) == "/facilitate/"


def test_a_residents_session_does_not_expire_when_idle(client_as, db):
    client = client_as("resident")
    idle(db, client.user, 60 * 24)
    assert client.get("/me/").status_code == 200


def test_activity_is_noted_at_most_once_a_minute(client_as, db):
    client = client_as("resident")
    idle(db, client.user, 10)
    client.get("/me/")
    [current] = sessions(db, client.user)
    assert utcnow() - current.last_seen_at < timedelta(seconds=30)
    seen = current.last_seen_at
    client.get("/me/")
    assert sessions(db, client.user)[0].last_seen_at == seen


def test_account_page_lists_sessions_without_ip_and_signs_out_the_others(app, db,
                                                                        create_user):
    user = create_user("official")
    phone, laptop = browser(app, FIREFOX_ANDROID), browser(app, SAFARI_IPHONE)
    sign_in(phone, user.email)
    sign_in(laptop, user.email)
    page = laptop.get("/me/security").get_data(as_text=True)
    assert "Firefox on Android" in page
    assert "Safari on iOS <strong>(this browser)</strong>" in page
    assert "127.0.0.1" not in page and FIREFOX_ANDROID not in page

    response = laptop.post("/me/sessions/end-others",
                           data={"csrf_token": csrf_token(laptop, "/me/security")})
    assert response.location == "/me/security"
    assert "1 other session was signed out" in laptop.get("/me/security").get_data(as_text=True)
    assert [s.system for s in sessions(db, user)] == ["iOS"]
    ended = phone.get("/respond/")
    assert ended.status_code == 302 and ended.location.startswith("/login")
    assert "from another session" in phone.get(ended.location).get_data(as_text=True)
    assert laptop.get("/respond/").status_code == 200


def test_one_other_session_can_be_signed_out(app, db, create_user):
    user = create_user("resident")
    phone, laptop = browser(app, FIREFOX_ANDROID), browser(app, SAFARI_IPHONE)
    sign_in(phone, user.email)
    sign_in(laptop, user.email)
    [on_phone] = [s for s in sessions(db, user) if s.system == "Android"]
    laptop.post(f"/me/sessions/{on_phone.id}/end",
                data={"csrf_token": csrf_token(laptop, "/me/security")})
    assert "/login" in phone.get("/me/").location
    assert laptop.get("/me/").status_code == 200


def test_a_session_of_another_account_cannot_be_ended(client_as, db):
    mine, theirs = client_as("resident"), client_as("resident")
    [their_session] = sessions(db, theirs.user)
    response = mine.post(f"/me/sessions/{their_session.id}/end",
                         data={"csrf_token": csrf_token(mine, "/me/security")})
    assert response.status_code == 404
    assert theirs.get("/me/").status_code == 200


def test_signing_out_ends_the_session(client_as, db):
    client = client_as("facilitator")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert sessions(db, client.user) == []


def test_staff_security_events_hold_no_personal_data(app, db, create_user):
    user = create_user("facilitator")
    phone, laptop = browser(app, FIREFOX_ANDROID), browser(app, SAFARI_IPHONE)
    sign_in(phone, user.email)
    sign_in(laptop, user.email)
    laptop.post("/me/sessions/end-others", data={"csrf_token": csrf_token(laptop, "/me/security")})
    laptop.post("/logout", data={"csrf_token": csrf_token(laptop, "/")})
    logged = db.session.scalars(db.select(Event).filter_by(actor_id=user.id).order_by(Event.id))
    security = [(event.action, event.payload) for event in logged if event.action not in (
        "user.created", "user.recovery_codes_generated")]
    assert security == [("user.signed_in", {"method": "authenticator"}),
                        ("user.signed_in", {"method": "authenticator"}),
                        ("user.sessions_ended", {"count": 1}),
                        ("user.signed_out", {})]
    text = json.dumps([payload for _, payload in security])
    assert user.email not in text and "Firefox" not in text and "127.0.0.1" not in text


def test_residents_sign_ins_stay_out_of_the_published_event_log(client_as, db):
    client = client_as("resident")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    actions = set(db.session.scalars(db.select(Event.action).filter_by(actor_id=client.user.id)))
    assert not actions & {"user.signed_in", "user.signed_out"}


def forget_session_key(client) -> None:
    """As a session signed in before sessions were kept, or restored from a remember cookie."""
    with client.session_transaction() as flask_session:
        flask_session.pop("account_session")


def test_a_staff_session_without_a_key_must_sign_in_again(client_as, db):
    client = client_as("official")
    forget_session_key(client)
    response = client.get("/respond/")
    assert next_page(response.location) == "/respond/"
    assert "Please sign in again" in client.get(response.location).get_data(as_text=True)


def test_a_residents_session_without_a_key_is_kept_and_listed(client_as, db):
    client = client_as("resident")
    forget_session_key(client)
    assert client.get("/me/").status_code == 200
    assert len(sessions(db, client.user)) == 2
    assert "(this browser)" in client.get("/me/security").get_data(as_text=True)
