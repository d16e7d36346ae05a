"""A city runs Consult on the web: first run, settings, logo, languages, the team, health."""

from __future__ import annotations

import io
import re
import time

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from consult.accounts import staff
from consult.models import Event, Organisation, RoleName, User
from consult.organisations.settings import contrast_with_white
from tests.fixtures.clients import csrf_token, sign_in
from tests.fixtures.smtp import free_port

PASSPHRASE = "seven unrelated words for a passphrase"


def png(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def settings_form(client, **changes) -> dict:
    html = client.get("/admin/organisation").get_data(as_text=True)
    form = {"csrf_token": csrf_token(client, "/admin/organisation"), "name": "Test City",
            "colour": "#0b6e4f", "default_locale": "en", "locales": ["en", "es", "fr", "ar"],
            "response_days": "60", "max_commitments": "5", "offices": "", "attribution": ""}
    assert 'name="colour"' in html
    return {**form, **changes}


# --- first run -------------------------------------------------------------------------------

def test_an_empty_installation_leads_to_the_first_run_setup(empty_installation_client):
    response = empty_installation_client.get("/consultations/")
    assert response.status_code == 302 and response.location.endswith("/setup")


def test_the_first_run_creates_the_organisation_and_its_administrator(
        db, empty_installation_client):
    client = empty_installation_client
    response = client.post("/setup", data={
        "csrf_token": csrf_token(client, "/setup"), "name": "City of Springfield",
        "locale": "pt", "email": "mayor@springfield.example", "password": PASSPHRASE,
        "password_again": PASSPHRASE})
    assert response.status_code == 302 and "/login" in response.location
    organisation = db.session.query(Organisation).one()
    assert (organisation.name, organisation.default_locale, organisation.is_demo) == (
        "City of Springfield", "pt", False)
    admin = db.session.query(User).one()
    assert [role.name for role in admin.roles] == [RoleName.ADMIN.value]
    assert admin.organisation_id == organisation.id
    assert client.get("/setup").status_code == 404  # once only
    assert "City of Springfield" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "Give the organisation"),
    ({"password_again": "something else entirely"}, "not the same"),
    ({"password": "password1234", "password_again": "password1234"}, "list of passwords"),
    ({"email": "not an email"}, "Enter an email address"),
])
def test_the_first_run_refuses_bad_input_with_a_422(db, empty_installation_client, fields,
                                                    message):
    client = empty_installation_client
    data = {"csrf_token": csrf_token(client, "/setup"), "name": "Springfield", "locale": "en",
            "email": "mayor@springfield.example", "password": PASSPHRASE,
            "password_again": PASSPHRASE, **fields}
    response = client.post("/setup", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(Organisation).count() == 0


# --- settings --------------------------------------------------------------------------------

def test_an_administrator_changes_the_settings_and_each_change_is_logged(db, client_as,
                                                                          organisation):
    admin = client_as("admin")
    response = admin.post("/admin/organisation", data=settings_form(
        admin, name="City of Test", colour="#7a1f1f", response_days="45",
        offices="Roads department\nParks department", locales=["en", "pt"]))
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert (organisation.name, organisation.colour, organisation.response_days) == (
        "City of Test", "#7a1f1f", 45)
    assert organisation.offices == ["Roads department", "Parks department"]
    assert organisation.locales == ["en", "pt"]
    event = db.session.query(Event).filter_by(action="organisation.settings_changed").one()
    assert {"name", "colour", "offices"} <= set(event.payload["changed"])
    page = admin.get("/").get_data(as_text=True)
    assert "City of Test" in page
    assert "#7a1f1f" in admin.get("/organisation/colour.css?v=7a1f1f").get_data(as_text=True)
    assert "/language/pt" in page and "/language/es" not in page  # only what is offered


def test_a_colour_without_enough_contrast_is_refused_with_its_ratio(db, client_as,
                                                                     organisation):
    admin = client_as("admin")
    response = admin.post("/admin/organisation", data=settings_form(admin, colour="#ffd700"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"{contrast_with_white('#ffd700'):.2f}:1" in html and "4.5:1" in html
    db.session.refresh(organisation)
    assert organisation.colour == "#0b6e4f"


@pytest.mark.parametrize("colour", ["green", "#12345", "#gggggg"])
def test_a_colour_that_is_not_hexadecimal_is_refused(client_as, colour):
    admin = client_as("admin")
    response = admin.post("/admin/organisation", data=settings_form(admin, colour=colour))
    assert response.status_code == 422
    assert "six hexadecimal digits" in response.get_data(as_text=True)


def test_the_main_language_must_be_offered(client_as):
    admin = client_as("admin")
    response = admin.post("/admin/organisation", data=settings_form(
        admin, default_locale="fr", locales=["en", "es"]))
    assert response.status_code == 422
    assert "Offer the main language too." in response.get_data(as_text=True)


def _upload(client, content: bytes, name: str = "logo.png"):
    # Encoded here, in memory: the test client would spool a large body to an unclosed file.
    boundary, body = encode_multipart({
        "csrf_token": csrf_token(client, "/admin/organisation"),
        "logo": FileStorage(io.BytesIO(content), name, content_type="image/png")})
    return client.post("/admin/organisation/logo", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_a_logo_is_redrawn_as_a_small_png_and_shown_in_the_header(db, client_as, organisation):
    admin = client_as("admin")
    assert _upload(admin, png(1200, 300)).status_code == 302
    db.session.refresh(organisation)
    shown = Image.open(io.BytesIO(organisation.logo))
    assert shown.format == "PNG" and max(shown.size) == 400
    page = admin.get("/").get_data(as_text=True)
    url = re.search(r'class="site-logo" src="([^"]+)"', page).group(1)
    served = admin.get(url)
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert "immutable" in served.headers["Cache-Control"]


@pytest.mark.parametrize("content", [b"<svg onload=alert(1)></svg>", b"GIF89a not really",
                                     b"%PDF-1.4 a document", b""])
def test_a_logo_that_is_not_a_picture_is_refused(db, client_as, organisation, content):
    response = _upload(client_as("admin"), content)
    assert response.status_code == 422
    assert ("must be a picture" in response.get_data(as_text=True)
            or "Choose a picture" in response.get_data(as_text=True))
    db.session.refresh(organisation)
    assert organisation.logo is None


def test_a_logo_over_the_size_limit_is_refused(client_as):
    noise = png(10, 10) + b"\0" * (1024 * 1024 + 10)
    response = _upload(client_as("admin"), noise)
    assert response.status_code == 422
    assert "larger than 1 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["resident", "facilitator", "official", "monitor"])
def test_administration_is_for_administrators_only(client_as, role):
    client = client_as(role)
    for path in ("/admin/", "/admin/organisation", "/admin/team", "/admin/system"):
        assert client.get(path).status_code == 403


def test_the_demo_says_so_on_every_page(client, db, organisation):
    organisation.is_demo = True
    db.session.commit()
    for path in ("/", "/consultations/", "/login"):
        assert "This is a demo" in client.get(path).get_data(as_text=True)


# --- the team --------------------------------------------------------------------------------

def _invite(admin, email: str, role: str):
    return admin.post("/admin/team/invite", data={
        "csrf_token": csrf_token(admin, "/admin/team"), "email": email, "role": role})


def _invitation_link(app) -> str:
    body = app.extensions["mailman"].outbox[-1].body
    return re.search(r"http://localhost(/invitations/\S+)", body).group(1)


def test_an_invited_official_chooses_a_password_and_signs_in_in_two_steps(app, db, client_as):
    app.extensions["mailman"].outbox = []
    admin = client_as("admin")
    assert _invite(admin, "clerk@example.org", "official").status_code == 302
    link = _invitation_link(app)
    newcomer = app.test_client()
    form = newcomer.get(link)
    assert form.status_code == 200 and "clerk@example.org" in form.get_data(as_text=True)
    chosen = newcomer.post(link, data={"csrf_token": csrf_token(newcomer, link),
                                       "password": PASSPHRASE, "password_again": PASSPHRASE})
    assert chosen.status_code == 302
    signed = newcomer.post("/login", data={"email": "clerk@example.org", "password": PASSPHRASE,
                                           "csrf_token": csrf_token(newcomer)})
    assert signed.status_code == 302 and "tf" in signed.location  # the second step comes next
    reused = newcomer.get(link)
    assert reused.status_code == 409 and "already accepted" in reused.get_data(as_text=True)
    user = db.session.query(User).filter_by(email="clerk@example.org").one()
    assert [role.name for role in user.roles] == ["official"]
    actions = {event.action for event in db.session.query(Event)}
    assert {"staff.invited", "staff.invitation_accepted"} <= actions


def test_a_forged_invitation_link_is_a_clear_404(client):
    response = client.get("/invitations/WzEsImFiYyJd.forged.signature")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_an_expired_invitation_link_is_a_clear_410(app, client_as, monkeypatch):
    app.extensions["mailman"].outbox = []
    admin = client_as("admin")
    _invite(admin, "late@example.org", "facilitator")
    link = _invitation_link(app)
    monkeypatch.setattr(staff, "INVITATION_DAYS", 0)
    time.sleep(1.1)
    response = app.test_client().get(link)
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)


def test_an_invitation_that_cannot_be_mailed_gives_the_link_to_the_administrator(
        app, db, client_as, use_smtp):
    admin = client_as("admin")
    use_smtp(free_port())  # nothing listens there
    response = _invite(admin, "far@example.org", "monitor")
    assert response.status_code == 302
    page = admin.get("/admin/team").get_data(as_text=True)
    assert "could not be sent" in page and "/invitations/" in page
    assert db.session.query(User).filter_by(email="far@example.org").count() == 1


def test_inviting_with_a_role_that_is_not_staff_is_refused(client_as):
    admin = client_as("admin")
    response = _invite(admin, "someone@example.org", "resident")
    assert response.status_code == 422


def test_the_last_administrator_cannot_remove_their_own_role(db, client_as):
    admin = client_as("admin")
    response = admin.post(f"/admin/team/{admin.user.id}/roles", data={
        "csrf_token": csrf_token(admin, "/admin/team"), "roles": ["facilitator"]})
    assert response.status_code == 403
    assert "at least one active administrator" in response.get_data(as_text=True)
    db.session.refresh(admin.user)
    assert admin.user.has_any_role("admin")


def test_an_administrator_changes_roles_and_turns_an_account_off(app, db, client_as,
                                                                 create_user):
    admin = client_as("admin")
    colleague = create_user("facilitator")
    token = csrf_token(admin, "/admin/team")
    assert admin.post(f"/admin/team/{colleague.id}/roles",
                      data={"csrf_token": token, "roles": ["facilitator", "official"]}
                      ).status_code == 302
    assert admin.post(f"/admin/team/{colleague.id}/active/off",
                      data={"csrf_token": token}).status_code == 302
    db.session.refresh(colleague)
    assert not colleague.active
    assert {role.name for role in colleague.roles} == {"facilitator", "official"}
    refused = sign_in(app.test_client(), colleague.email)
    assert refused.status_code != 302 or "/login" in refused.location
    assert admin.post(f"/admin/team/{admin.user.id}/active/off",
                      data={"csrf_token": token}).status_code == 403


# --- health ----------------------------------------------------------------------------------

def test_the_system_page_says_when_no_worker_runs_and_sends_a_test_mail(app, client_as):
    app.extensions["mailman"].outbox = []
    admin = client_as("admin")
    page = admin.get("/admin/system").get_data(as_text=True)
    assert "No worker was seen" in page
    sent = admin.post("/admin/system/test-mail",
                      data={"csrf_token": csrf_token(admin, "/admin/system")})
    assert sent.status_code == 302
    assert app.extensions["mailman"].outbox[-1].to == [admin.user.email]


def test_a_test_mail_the_server_refuses_shows_why(client_as, use_smtp):
    admin = client_as("admin")
    use_smtp(free_port())
    admin.post("/admin/system/test-mail", data={"csrf_token": csrf_token(admin, "/admin/system")})
    assert "could not be sent" in admin.get("/admin/system").get_data(as_text=True)


def test_a_worker_seen_lately_is_listed(db, client_as):
    from consult.jobs.relay import WORKER_NAME, heartbeat

    heartbeat(db.session)
    assert WORKER_NAME in client_as("admin").get("/admin/system").get_data(as_text=True)
