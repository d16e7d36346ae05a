"""Two organisations on one installation: the staff of one never reach the other's rows.

The world (one of everything) belongs to organisation B, on b.example. Organisation A, on
a.example, has an account of every role. Every rule of the URL map is sent with B's ids by
each of A's accounts: a rule with an id answers 404, and no page of A shows B's text.
"""

from __future__ import annotations

import contextlib

import pytest

from consult.accounts import api_tokens
from consult.core import events
from consult.core.tenancy import current_organisation_id, use_organisation
from consult.models import Consultation, Organisation, OrganisationHost, RoleName, Submission
from consult.organisations import services as organisations
from tests.fixtures.clients import csrf_token, sign_in
from tests.hostile import sweep

B_MARK = "Bmarkzz"  # in B's consultation title and idea text: never on A's pages
ROLES = [role.value for role in RoleName]


def on_host(app, host: str):
    """A test client whose every request is sent to `host`."""

    class HostClient(app.test_client_class):
        def open(self, *args, **kwargs):
            kwargs.setdefault("environ_overrides", {}).setdefault("HTTP_HOST", host)
            return super().open(*args, **kwargs)

    return HostClient(app, app.response_class, use_cookies=True)


@contextlib.contextmanager
def acting_for(db, organisation_id: int):
    before = current_organisation_id(db.session)
    use_organisation(db.session, organisation_id)
    try:
        yield
    finally:
        use_organisation(db.session, before)


@pytest.fixture
def two_sites(app, db, world, organisation, create_user):
    """(organisation A, A's signed-in clients by role on a.example), B being the world's."""
    consultation = db.session.get(Consultation, world.ids["consultation_id"])
    consultation.title = f"{B_MARK} consultation"
    db.session.get(Submission, world.ids["submission_id"]).text = f"{B_MARK} idea of B"
    db.session.add(OrganisationHost(organisation=organisation, host="b.example"))
    db.session.commit()
    site_a, _admin = organisations.create_organisation(
        db.session, "City A", "first-admin@a.example", "a long enough passphrase",
        hosts=["a.example"])
    db.session.commit()
    use_organisation(db.session, organisation.id)  # the test goes on reading as B
    clients = {"anonymous": on_host(app, "a.example")}
    with acting_for(db, site_a.id):
        for role in ROLES:
            user = create_user(role)
            client = on_host(app, "a.example")
            assert sign_in(client, user.email).status_code == 302
            if user.is_staff:  # the API's writes take a token, not the session
                client.api_token = api_tokens.create(db.session, user, "Sweep", "write")[1]
            clients[role] = client
        db.session.commit()
    return site_a, clients


def _id_rules(app):
    return [rule for rule in sweep.rules(app) if sweep.int_arguments(rule)]


@pytest.mark.parametrize("role", ["admin", "facilitator", "official", "monitor"])
def test_staff_of_one_organisation_get_404_on_every_object_of_another(app, world, two_sites,
                                                                        role):
    """The administrator holds every permission, so every route looks its object up: 404.
    Other roles get 403 first on the routes that are not theirs, whatever the object."""
    _site_a, clients = two_sites
    expected = {404} if role == "admin" else {403, 404}
    client, wrong, checked = clients[role], [], 0
    token = csrf_token(client, "/")
    for rule in _id_rules(app):
        path = sweep.path(rule, world.ids, world.tokens)
        for method in sweep.methods(rule):
            if method == "POST" and path.startswith("/api/"):
                response = sweep.send(client, method, path, json={}, headers={
                    "Authorization": f"Bearer {client.api_token}"})
            else:
                data = {"csrf_token": token} if method == "POST" else None
                response = sweep.send(client, method, path, data=data)
            checked += 1
            if (response.status_code not in expected
                    or B_MARK in response.get_data(as_text=True)):
                wrong.append(f"{method} {path}: {response.status_code}")
    assert checked > 100  # every rule with an id, GET and POST
    assert wrong == []


def test_no_page_of_one_organisation_shows_anything_of_another(app, world, two_sites):
    _site_a, clients = two_sites
    shown = []
    for role in ("anonymous", "admin"):
        for rule in sweep.rules(app):
            if "GET" not in sweep.methods(rule) or sweep.int_arguments(rule):
                continue
            path = sweep.path(rule, world.ids, world.tokens)
            response = sweep.send(clients[role], "GET", path)
            if B_MARK in response.get_data(as_text=True):
                shown.append(f"{role} {path}")
    assert shown == []


def test_each_organisation_sees_its_own_on_its_own_host(app, world, two_sites):
    _site_a, clients = two_sites
    b_visitor = on_host(app, "b.example")
    on_b = b_visitor.get(f"/consultations/{world.ids['consultation_id']}")
    assert on_b.status_code == 200 and B_MARK in on_b.get_data(as_text=True)
    on_a = clients["anonymous"].get(f"/consultations/{world.ids['consultation_id']}")
    assert on_a.status_code == 404
    assert "City A" in clients["anonymous"].get("/").get_data(as_text=True)
    open_data = clients["anonymous"].get("/open-data.json").get_data(as_text=True)
    assert B_MARK not in open_data


def test_an_unknown_host_gets_a_plain_404_naming_no_organisation(app, db, world, two_sites):
    visitor = on_host(app, "c.example")
    response = visitor.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    names = [name for (name,) in db.session.query(Organisation.name)]
    assert names and not any(name in html for name in names)


def test_each_organisation_has_its_own_intact_event_chain(db, world, two_sites):
    site_a, _clients = two_sites
    chains = {}
    for organisation_id in [row.id for row in db.session.query(Organisation)]:
        with acting_for(db, organisation_id):
            chains[organisation_id] = events.verify_chain(db.session, organisation_id)
    assert len(chains) == 2
    assert all(report.ok for report in chains.values())
    assert chains[site_a.id].checked >= len(ROLES) + 1  # A's accounts and its creation


def test_a_failed_job_is_shown_to_its_own_organisation_only(app, db, world, two_sites,
                                                              create_user):
    from consult.jobs.failures import record_failure
    from consult.models import ClusteringRun

    _site_a, clients = two_sites
    b_admin = on_host(app, "b.example")
    assert sign_in(b_admin, create_user("admin").email).status_code == 302
    run = db.session.query(ClusteringRun).first()
    record_failure("run_clustering", [run.id], RuntimeError(f"{B_MARK} clustering failed"))
    on_a = clients["admin"].get("/facilitate/").get_data(as_text=True)
    on_b = b_admin.get("/facilitate/").get_data(as_text=True)
    assert B_MARK not in on_a
    assert B_MARK in on_b


def test_a_follow_of_one_organisation_is_unknown_to_another(app, db, world, two_sites):
    from consult.models import Follow
    from consult.responses.follows import link_token

    _site_a, clients = two_sites
    follow = Follow(email="ana@example.org", consultation_id=world.ids["consultation_id"])
    db.session.add(follow)
    db.session.commit()
    confirm, stop = (link_token(purpose, follow) for purpose in ("confirm", "stop"))
    visitor = clients["anonymous"]
    assert visitor.get(f"/follow/confirm/{confirm}").status_code == 404
    assert visitor.get(f"/follow/stop/{stop}").status_code == 404
    assert visitor.post(f"/follow/stop/{stop}").status_code == 404
    db.session.refresh(follow)
    assert follow.confirmed_at is None
