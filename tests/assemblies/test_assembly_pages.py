"""The citizens' assembly's public pages, the volunteer form, draw records and invitation
links (a member's round: test_assembly_round_pages.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from collections import Counter

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from consult.assemblies import setup as assemblies
from consult.core.base import new_nonce
from consult.core.tokens import invitation_token
from consult.models import (
    Comment,
    Volunteer,
)
from consult.sortition import selection
from tests.fixtures.assembly_pages import join, members_of, publish, publish_draw, round_path
from tests.fixtures.clients import csrf_token

PERSONAL = ("Volunteer 1", "volunteer1@example.org", "@example.org")



# --- the public page -----------------------------------------------------------------------------

def test_public_page_shows_composition_and_quotas_without_personal_data(db, client, drawn):
    assembly, _ = drawn
    publish(db, assembly)
    draw = publish_draw(db, drawn)
    response = client.get(f"/assemblies/{assembly.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Citizens&#39; assembly" in html and "6 seats" in html and "6 members seated" in html
    held = assemblies.composition(assemblies.members(assembly), assembly)
    woman = held["gender"]["woman"]
    assert f'<th scope="row"><bdi>woman</bdi></th>\n      <td>{woman}</td>' in html
    assert "2 to 4" in html and "Age band" in html
    assert f"/assemblies/{assembly.id}/draws/{draw.id}" in html
    assert "Volunteer for the assembly" not in html  # the draw closed recruitment
    for private in PERSONAL + tuple(v.reference for v in assembly.volunteers):
        assert private not in html


def test_public_page_invites_volunteers_while_recruiting(db, client, assembly):
    publish(db, assembly)
    html = client.get(f"/assemblies/{assembly.id}").get_data(as_text=True)
    assert f'href="/assemblies/{assembly.id}/volunteer"' in html
    assert "No draw is published yet." in html and "No round is planned yet." in html


def test_assembly_pages_forbidden_to_the_public_while_the_plan_is_unpublished(
        db, client, client_as, assembly):
    assert client.get(f"/assemblies/{assembly.id}").status_code == 403
    assert client.get(f"/assemblies/{assembly.id}/volunteer").status_code == 200
    facilitator = client_as("facilitator")
    page = facilitator.get(f"/assemblies/{assembly.id}")
    assert page.status_code == 200
    assert "only facilitators and the assembly's members see this page" in page.get_data(
        as_text=True)


def test_plan_page_links_to_its_assembly(db, client, assembly):
    publish(db, assembly)
    html = client.get(f"/plans/{assembly.plan_id}").get_data(as_text=True)
    assert f'href="/assemblies/{assembly.id}"' in html


# --- volunteering --------------------------------------------------------------------------------

def volunteer(client, assembly, **fields):
    path = f"/assemblies/{assembly.id}/volunteer"
    data = {"csrf_token": csrf_token(client, path), "name": "Amal Haddad",
            "email": "amal@example.org", "phone": "", "category_0": "40-64",
            "category_1": "woman", "consent": "y", **fields}
    return client.post(path, data=data)


def test_volunteer_joins_the_pool_and_sees_their_reference(db, client, assembly):
    response = volunteer(client, assembly)
    assert response.status_code == 302
    person = db.session.scalar(select(Volunteer).where(Volunteer.name == "Amal Haddad"))
    assert person.email == "amal@example.org" and person.language == "en"
    assert person.attributes == {"age": "40-64", "gender": "woman"}
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200
    assert person.reference in thanks.get_data(as_text=True)


@pytest.mark.parametrize(("fields", "status", "message"), [
    ({"email": "", "phone": ""}, 400, "Give an email address or a phone number"),
    ({"category_0": ""}, 422, "Choose your answer for “Age band”."),
    ({"category_1": "robot"}, 422, "Not a valid choice"),
    ({"consent": ""}, 422, "Tick the box to agree"),
    ({"email": "not-an-address"}, 422, "Enter an email address like name@example.org."),
    ({"name": "  "}, 422, "Write your name."),
])
def test_volunteer_refused_with_a_clear_message(db, client, assembly, fields, status, message):
    before = len(assembly.volunteers)
    response = volunteer(client, assembly, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html and "There is a problem" in html
    assert 'value="Amal Haddad"' in html or fields.get("name")  # what was typed is kept
    db.session.expire_all()
    assert len(db.session.get(type(assembly), assembly.id).volunteers) == before


def test_volunteer_with_a_phone_only_is_accepted(db, client, assembly):
    assert volunteer(client, assembly, email="", phone="+34 600 123 456").status_code == 302
    person = db.session.scalar(select(Volunteer).where(Volunteer.name == "Amal Haddad"))
    assert person.phone == "+34 600 123 456" and person.email == ""


def test_volunteer_form_closed_when_recruitment_ends(db, client, assembly):
    path = f"/assemblies/{assembly.id}/volunteer"
    token = csrf_token(client, path)
    assembly.recruiting = False
    db.session.commit()
    page = client.get(path)
    assert page.status_code == 403
    assert "no longer taking volunteers" in page.get_data(as_text=True)
    refused = client.post(path, data={"csrf_token": token, "name": "Late", "email": "l@x.org",
                                      "category_0": "65+", "category_1": "man", "consent": "y"})
    assert refused.status_code == 403
    assert db.session.scalar(select(Volunteer).where(Volunteer.name == "Late")) is None


def test_flood_of_volunteers_from_one_address_gets_429(client, assembly, rate_limits,
                                                       monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SUBMIT", "2 per minute")
    statuses = [volunteer(client, assembly, name=f"Person {n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


# --- draw records --------------------------------------------------------------------------------

DOWNLOADS = ("", "/record.json", "/pool.csv", "/quotas.csv", "/panel.csv")


def test_draw_record_is_hidden_until_published(db, client_as, drawn):
    assembly, _ = drawn
    facilitator = client_as("facilitator")
    base = f"/assemblies/{assembly.id}/draws/{assembly.draws[0].id}"
    assert [facilitator.get(base + suffix).status_code for suffix in DOWNLOADS] == [404] * 5


def test_draw_record_page_shows_what_anyone_needs_to_rerun_it(db, client, drawn):
    assembly, _ = drawn
    publish(db, assembly)
    draw = publish_draw(db, drawn)
    html = client.get(f"/assemblies/{assembly.id}/draws/{draw.id}").get_data(as_text=True)
    assert str(draw.seed) in html and draw.pool_sha256 in html and draw.algorithm in html
    assert assemblies.record_of(draw)["rerun"] in html
    assert f"{draw.min_probability:.4f}" in html and f"{draw.max_probability:.4f}" in html
    assert all(reference in html for reference in draw.selected)
    assert "<td><bdi>16-39</bdi></td><td>1</td><td>3</td>" in html
    for private in PERSONAL:
        assert private not in html


def test_draw_downloads_match_the_record(db, client, drawn):
    assembly, _ = drawn
    publish(db, assembly)
    draw = publish_draw(db, drawn)
    base = f"/assemblies/{assembly.id}/draws/{draw.id}"
    pool = client.get(base + "/pool.csv")
    assert pool.status_code == 200 and pool.mimetype == "text/csv"
    assert 'filename="pool.csv"' in pool.headers["Content-Disposition"]
    record = json.loads(client.get(base + "/record.json").data)
    assert record == json.loads(json.dumps(assemblies.record_of(draw)))
    assert hashlib.sha256(pool.data).hexdigest() == record["public_pool_sha256"]
    assert "@" not in pool.get_data(as_text=True)
    quotas = selection.read_quotas_csv(client.get(base + "/quotas.csv").get_data(as_text=True))
    assert quotas == [selection.Quota(**q) for q in draw.quotas]
    panel = list(csv.DictReader(io.StringIO(client.get(base + "/panel.csv").get_data(
        as_text=True))))
    assert [row["id"] for row in panel] == draw.selected
    seated = {v.reference: v.attributes for v in assemblies.members(assembly)}
    assert all(row[name] in (seated[row["id"]][name], "*") for row in panel
               for name in ("age", "gender"))


def test_draw_public_pool_hides_combinations_fewer_than_five_share_and_says_so(db, client,
                                                                               drawn):
    assembly, _ = drawn  # 24 volunteers: some age and gender pairs have fewer than 5
    publish(db, assembly)
    draw = publish_draw(db, drawn)
    base = f"/assemblies/{assembly.id}/draws/{draw.id}"
    rows = list(csv.reader(io.StringIO(client.get(base + "/pool.csv").get_data(as_text=True))))
    assert rows[0] == ["id", "age", "gender"] and len(rows) == 25
    groups = Counter(tuple(row[1:]) for row in rows[1:])
    assert min(groups.values()) >= 5
    record = assemblies.record_of(draw)
    hidden = sum(row.count("*") for row in rows)
    assert not record["public_rerun_exact"] and record["hidden_values"] == hidden > 0
    html = client.get(base).get_data(as_text=True)
    assert record["public_pool_sha256"] in html and draw.pool_sha256 in html
    assert "cannot run the draw again exactly" in html
    assert "/monitor/draws/" not in html  # the full pool is not offered to the public


def test_monitor_downloads_the_full_pool_that_runs_the_draw_again_exactly(db, client_as,
                                                                          client, drawn):
    assembly, _ = drawn
    publish(db, assembly)
    draw = publish_draw(db, drawn)
    monitor = client_as("monitor")
    assert "/monitor/draws/" in monitor.get(f"/assemblies/{assembly.id}/draws/{draw.id}").get_data(
        as_text=True)
    full = monitor.get(f"/monitor/draws/{draw.id}/pool.csv")
    assert full.status_code == 200 and hashlib.sha256(full.data).hexdigest() == draw.pool_sha256
    assert "@" not in full.get_data(as_text=True)
    people, categories = selection.read_pool_csv(full.get_data(as_text=True))
    rerun = selection.draw(people, categories, [selection.Quota(**q) for q in draw.quotas],
                           draw.size, draw.seed)
    assert rerun.selected == draw.selected
    assert client.get(f"/monitor/draws/{draw.id}/pool.csv").status_code in (302, 401, 403)
    assert client_as("resident").get(f"/monitor/draws/{draw.id}/pool.csv").status_code == 403


def test_draw_record_forbidden_while_the_plan_is_unpublished(db, client, drawn):
    draw = publish_draw(db, drawn)
    assert client.get(f"/assemblies/{drawn[0].id}/draws/{draw.id}/pool.csv").status_code == 403


# --- invitation links ----------------------------------------------------------------------------

def test_member_joins_with_their_link_and_lands_on_the_open_round(db, app, open_round):
    round_, _ = open_round
    member = members_of(open_round)[0]
    client = app.test_client()
    response = client.get(f"/assemblies/join/{invitation_token(member.id, member.token_nonce)}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(round_path(round_))
    db.session.expire_all()
    assert db.session.get(Volunteer, member.id).joined_at is not None
    html = client.get(round_path(round_)).get_data(as_text=True)
    assert f"as member {member.reference}" in html and "Send my comment" in html


def test_member_without_an_open_round_lands_on_the_assembly_page(db, app, drawn):
    assembly, _ = drawn
    member = assemblies.members(assembly)[0]
    response = app.test_client().get(
        f"/assemblies/join/{invitation_token(member.id, member.token_nonce)}")
    assert response.headers["Location"].endswith(f"/assemblies/{assembly.id}")


def test_forged_link_is_refused(db, client, drawn):
    member = assemblies.members(drawn[0])[0]
    token = invitation_token(member.id, member.token_nonce)
    response = client.get(f"/assemblies/join/{token[:-3]}abc")
    assert response.status_code == 403
    assert "This invitation link is not valid" in response.get_data(as_text=True)


def test_expired_link_asks_for_a_new_one(db, client, drawn, monkeypatch):
    member = assemblies.members(drawn[0])[0]
    long_ago = int(time.time()) - 61 * 86400  # the links work 60 days
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: long_ago)
        token = invitation_token(member.id, member.token_nonce)
    response = client.get(f"/assemblies/join/{token}")
    assert response.status_code == 410
    assert "Ask the assembly&#39;s facilitator for a new link" in response.get_data(as_text=True)
    assert db.session.get(Volunteer, member.id).joined_at is None


def test_link_of_a_member_who_dropped_out_is_refused_and_signs_them_out(db, app, open_round):
    round_, facilitator = open_round
    member = members_of(open_round)[0]
    token = invitation_token(member.id, member.token_nonce)
    client = join(app, member)
    assemblies.drop_out(db.session, facilitator, member)
    db.session.commit()
    response = client.get(f"/assemblies/join/{token}")
    assert response.status_code == 403
    assert "no longer have a seat" in response.get_data(as_text=True)
    html = client.get(round_path(round_)).get_data(as_text=True)
    assert "Send my comment" not in html and member.reference not in html


def test_link_replaced_by_a_newer_one_is_refused(db, app, drawn):
    member = assemblies.members(drawn[0])[0]
    old_token = invitation_token(member.id, member.token_nonce)
    client = join(app, member)
    member.token_nonce = new_nonce()  # as when a facilitator sends a new link
    db.session.commit()
    assert client.get(f"/assemblies/join/{old_token}").status_code == 403
    # The plan is unpublished: only members see the page, and this device is no longer one.
    assert client.get(f"/assemblies/{drawn[0].id}").status_code == 403
    assert join(app, member).get(f"/assemblies/{drawn[0].id}").status_code == 200


def test_link_of_a_volunteer_never_drawn_is_refused(db, client, drawn):
    outsider = next(v for v in drawn[0].volunteers if not v.is_member)
    token = invitation_token(outsider.id, outsider.token_nonce)
    response = client.get(f"/assemblies/join/{token}")
    assert response.status_code == 403


def test_leaving_the_device_ends_the_membership_there(db, app, open_round):
    round_, _ = open_round
    client = join(app, members_of(open_round)[0])
    token = csrf_token(client, round_path(round_))
    response = client.post(f"/assemblies/{round_.assembly_id}/leave",
                           data={"csrf_token": token})
    assert response.status_code == 302
    item = round_.items[0]
    refused = client.post(f"/assemblies/rounds/{round_.id}/items/{item.id}/comments",
                          data={"csrf_token": token, "body": "Still here?"})
    assert refused.status_code == 403  # the plan is unpublished and this device is nobody now
    assert db.session.scalar(select(Comment)) is None
