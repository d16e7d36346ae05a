"""Facilitators set up a citizens' assembly, draw its panel and run its rounds."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult import jobs
from consult.assemblies import rounds
from consult.assemblies import setup as assemblies
from consult.core.base import utcnow
from consult.models import (
    ActionPlan,
    AmendmentStatus,
    Assembly,
    CommitmentRevision,
    Draw,
    DrawStatus,
    Round,
    RoundStage,
    Volunteer,
)
from tests.fixtures.assemblies import CATEGORIES, QUOTAS, SEATS
from tests.fixtures.clients import csrf_token

CSV_HEADER = "id,age,gender,name,email\n"


def post(client, path: str, data: dict | None = None, page: str | None = None, **kwargs):
    """Post a form as a browser does, with the CSRF token of the page the form is on."""
    return client.post(path, data={"csrf_token": csrf_token(client, page or path),
                                   **(data or {})}, **kwargs)


def html_of(response) -> str:
    return response.get_data(as_text=True)


def quota_fields(quotas) -> dict[str, str]:
    """The quota form as typed: `min-<category>-<i>` for the i-th value of the category."""
    index = {(c["name"], value): i for c in CATEGORIES for i, value in enumerate(c["values"])}
    return {f"{end}-{q.category}-{index[(q.category, q.value)]}": str(getattr(q, end))
            for q in quotas for end in ("min", "max")}


def make_round(db, assembly, facilitator) -> Round:
    """Round 1, open since an hour ago, on both commitments of the plan."""
    plan = db.session.get(ActionPlan, assembly.plan_id)
    opens = utcnow() - timedelta(hours=1)
    round_ = rounds.create_round(db.session, facilitator, assembly, "First readings", opens,
                                 opens + timedelta(days=7), [], [c.id for c in plan.commitments])
    db.session.commit()
    return round_


# --- who may see the pages -----------------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [
    (None, 302), ("resident", 403), ("official", 403), ("facilitator", 200), ("admin", 200),
])
def test_assembly_pages_open_only_to_facilitators_and_admins(db, client, client_as, assembly,
                                                             assembly_plan, role, status):
    round_ = make_round(db, assembly, assembly_plan[1])
    visitor = client_as(role) if role else client
    base = f"/facilitate/assemblies/{assembly.id}"
    for path in (f"/facilitate/plans/{assembly.plan_id}/assembly", f"{base}/quotas",
                 f"{base}/pool", f"{base}/draw", f"{base}/members", f"{base}/rounds/new",
                 f"/facilitate/rounds/{round_.id}"):
        response = visitor.get(path)
        assert response.status_code == status, path
        if role is None:
            assert "/login" in response.headers["Location"]
        if status == 200:
            assert "<title>" in html_of(response) and "Citizens&#39; assembly" in html_of(response)


def test_the_plan_page_links_to_its_assembly(client_as, assembly_plan):
    plan, _ = assembly_plan
    html = html_of(client_as("facilitator").get(
        f"/facilitate/consultations/{plan.consultation_id}/plan"))
    assert f"/facilitate/plans/{plan.id}/assembly" in html


# --- set-up and quotas ---------------------------------------------------------------------------

def test_create_assembly_from_the_prefilled_categories(db, client_as, assembly_plan):
    plan, _ = assembly_plan
    client = client_as("facilitator")
    path = f"/facilitate/plans/{plan.id}/assembly"
    page = html_of(client.get(path))
    assert "age: 16-29, 30-44, 45-64, 65+" in page and 'name="recruiting"' not in page
    response = post(client, path, {"title": "Residents' panel", "size": "12",
                                   "categories": "age: 16-29, 30-44, 45-64, 65+\n"
                                                 "area: north, south",
                                   "rating_scale": "five"})
    assert response.status_code == 302
    assembly = db.session.scalars(select(Assembly)).one()
    assert (assembly.title, assembly.size, assembly.rating_scale.value) == (
        "Residents' panel", 12, "five")
    assert assembly.categories[1] == {"name": "area", "values": ["north", "south"]}
    page = html_of(client.get(response.headers["Location"]))
    assert "The assembly is saved." in page and "0 volunteers in the pool." in page
    assert 'name="recruiting"' in page


@pytest.mark.parametrize(("categories", "message"), [
    ("age 16-29, 30-44", "Write each category on its own line"),
    ("age: 16-29", "with at least two values"),
    ("age: young, old\nAge: a, b", "is used twice or reserved"),
])
def test_create_assembly_refused_with_bad_categories(db, client_as, assembly_plan, categories,
                                                     message):
    plan, _ = assembly_plan
    client = client_as("facilitator")
    path = f"/facilitate/plans/{plan.id}/assembly"
    response = post(client, path, {"title": "Panel", "size": "12", "categories": categories,
                                   "rating_scale": "three"})
    assert response.status_code == 422
    html = html_of(response)
    assert message in html and "<title>Error:" in html
    assert categories.split("\n")[0] in html  # the text typed is kept
    assert db.session.scalar(select(Assembly)) is None


def test_quotas_are_saved(db, client_as, assembly):
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/quotas"
    fields = quota_fields(QUOTAS) | {"min-age-0": "2", "max-age-0": "2"}
    response = post(client, path, fields)
    assert response.status_code == 302
    db.session.expire_all()
    saved = assemblies.quotas_of(db.session.get(Assembly, assembly.id))
    assert saved[0] == assemblies.Quota("age", "16-39", 2, 2) and saved[1:] == QUOTAS[1:]
    assert "The quotas are saved." in html_of(client.get(path))


@pytest.mark.parametrize(("change", "message"), [
    ({"min-age-0": "3", "min-age-1": "3", "min-age-2": "3"},
     "The minimums for “age” add up to 9, more than the 6 seats."),
    ({"max-gender-0": "2", "max-gender-1": "2"},
     "The maximums for “gender” add up to 4, fewer than the 6 seats."),
    ({"min-age-1": "3", "max-age-1": "1"}, "The quota age = 40-64 must have 0 ≤ min ≤ max."),
    ({"min-age-1": "two"}, "Give the minimum for age = 40-64 as a whole number."),
    ({"max-gender-1": ""}, "Give the maximum for gender = man as a whole number."),
])
def test_quotas_refused_with_the_reason_and_typed_values_kept(db, client_as, assembly, change,
                                                              message):
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/quotas"
    response = post(client, path, quota_fields(QUOTAS) | change)
    assert response.status_code == 422
    html = html_of(response)
    assert message in html and "<title>Error:" in html
    for name, typed in change.items():
        assert re.search(rf'name="{name}"[^>]*value="{typed}"', html), name
    db.session.expire_all()
    assert assemblies.quotas_of(db.session.get(Assembly, assembly.id)) == QUOTAS


def test_quotas_from_census_shares(db, client_as, assembly):
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/quotas"
    shares = {"share-age-0": "33", "share-age-1": "33,5", "share-age-2": "33.5",
              "share-gender-0": "50", "share-gender-1": "50", "slack": "1"}
    response = post(client, f"{path}/shares", shares, page=path)
    assert response.status_code == 302
    db.session.expire_all()
    saved = assemblies.quotas_of(db.session.get(Assembly, assembly.id))
    assert [(q.min, q.max) for q in saved] == [(1, 3), (1, 3), (1, 3), (2, 4), (2, 4)]

    response = post(client, f"{path}/shares", shares | {"share-gender-1": "ten"}, page=path)
    assert response.status_code == 422
    assert "Give the share of gender = man as a percentage." in html_of(response)
    assert 'value="ten"' in html_of(response)


# --- the pool ------------------------------------------------------------------------------------

def test_pool_import_adds_volunteers_with_their_contact_details(db, client_as, assembly):
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/pool"
    data = (CSV_HEADER + "P-1,16-39,woman,Ana,ana@example.org\n"
            "P-2,65+,man,Bo,\n").encode()
    response = post(client, f"{path}/import", {"file": (io.BytesIO(data), "pool.csv")},
                    page=path, content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.query(Volunteer).count() == 26
    ana = db.session.scalars(select(Volunteer).where(Volunteer.reference == "P-1")).one()
    assert ana.imported and ana.attributes == {"age": "16-39", "gender": "woman"}
    page = html_of(client.get(path))
    assert "2 volunteers imported." in page and "ana@example.org" in page
    assert "volunteer0@example.org" in page


@pytest.mark.parametrize(("data", "message"), [
    (CSV_HEADER + "P-1,16-39,woman,Ana,\nP-1,65+,man,Bo,\n", "repeats the person “P-1”"),
    (CSV_HEADER + "P-1,,woman,Ana,\n", "has no value for age"),
    (CSV_HEADER + "P-1,18-25,woman,Ana,\n", "“18-25” is not a value of “age”"),
    ("id,age,name\nP-1,16-39,Ana\n", "The file has no column for gender."),
    ((CSV_HEADER + "P-1,16-39,woman,Zoë,\n").encode("latin-1"), "The file is not UTF-8 text."),
])
def test_pool_import_refuses_a_bad_file_and_imports_nothing(db, client_as, assembly, data,
                                                            message):
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/pool"
    raw = data if isinstance(data, bytes) else data.encode()
    response = post(client, f"{path}/import", {"file": (io.BytesIO(raw), "pool.csv")},
                    page=path, content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in html_of(response) and "<title>Error:" in html_of(response)
    assert db.session.query(Volunteer).count() == 24


# --- draws and members ---------------------------------------------------------------------------

def test_a_panel_draw_runs_in_the_background_and_seats_the_panel(db, client_as, assembly):
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/draw"
    response = post(client, path, {"seed": "424242"})
    assert response.status_code == 302
    running = html_of(client.get(path))
    assert '<meta http-equiv="refresh" content="3">' in running
    assert "The draw is running." in running and "424242" in running

    jobs.run_pending()
    db.session.expire_all()
    draw = db.session.scalars(select(Draw)).one()
    assert draw.status is DrawStatus.DONE, draw.error
    assert len(assemblies.members(db.session.get(Assembly, assembly.id))) == SEATS
    done = html_of(client.get(path))
    assert 'http-equiv="refresh"' not in done and draw.pool_sha256 in done
    assert "Drawn" in done and "Publish the draw record" in done

    response = post(client, f"/facilitate/draws/{draw.id}/publish", page=path)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Draw, draw.id).published_at is not None
    assert "Publish the draw record" not in html_of(client.get(path))
    response = post(client, path, {"seed": "1"})  # the panel is drawn: no second panel
    assert response.status_code == 409 and "already drawn" in html_of(response)


def test_a_draw_refused_when_the_pool_is_smaller_than_the_assembly(db, client_as, assembly_plan):
    plan, facilitator = assembly_plan
    assembly = assemblies.create_assembly(db.session, facilitator, plan, "Panel", SEATS,
                                          CATEGORIES)
    assemblies.set_quotas(db.session, facilitator, assembly, QUOTAS)
    db.session.commit()
    client = client_as("facilitator")
    response = post(client, f"/facilitate/assemblies/{assembly.id}/draw", {"seed": ""})
    assert response.status_code == 422
    assert "The pool has 0 people, fewer than the 6 seats." in html_of(response)
    assert db.session.scalar(select(Draw)) is None


def test_a_member_drops_out_and_a_replacement_keeps_the_quotas(db, client_as, drawn):
    assembly, _ = drawn
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/members"
    page = html_of(client.get(path))
    leaving = assemblies.members(assembly)[0]
    assert leaving.reference in page and "/assemblies/join/" in page
    assert "Draw replacements" not in page  # every seat is taken

    response = post(client, f"/facilitate/members/{leaving.id}/drop-out", page=path)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Volunteer, leaving.id).dropped_out_at is not None
    page = html_of(client.get(path))
    assert "1 seat is empty." in page and "Draw replacements" in page

    response = post(client, f"/facilitate/assemblies/{assembly.id}/replacements",
                    {"seed": "7"}, page=path)
    assert response.status_code == 302
    jobs.run_pending()
    db.session.expire_all()
    assembly = db.session.get(Assembly, assembly.id)
    seated = assemblies.members(assembly)
    assert len(seated) == SEATS and leaving.id not in {m.id for m in seated}
    held = assemblies.composition(seated, assembly)
    for quota in QUOTAS:
        assert quota.min <= held[quota.category][quota.value] <= quota.max


# --- rounds --------------------------------------------------------------------------------------

def test_create_a_round_with_commitments_on_its_agenda(db, client_as, assembly, assembly_plan):
    plan, _ = assembly_plan
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/rounds/new"
    assert "in UTC" in html_of(client.get(path))
    ids = [str(c.id) for c in plan.commitments]
    response = post(client, path, {"title": "First readings", "opens_at": "2030-03-01T09:00",
                                   "closes_at": "2030-03-08T18:00", "commitments": ids})
    assert response.status_code == 302
    round_ = db.session.scalars(select(Round)).one()
    assert round_.opens_at.isoformat() == "2030-03-01T09:00:00+00:00"
    assert [item.commitment_id for item in round_.items] == [int(i) for i in ids]
    page = html_of(client.get(response.headers["Location"]))
    assert "Round 1: First readings" in page and "Open budget data" in page


def test_create_a_round_refused_when_it_closes_before_it_opens(db, client_as, assembly,
                                                               assembly_plan):
    plan, _ = assembly_plan
    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/rounds/new"
    response = post(client, path, {"title": "Backwards", "opens_at": "2030-03-08T09:00",
                                   "closes_at": "2030-03-01T09:00",
                                   "commitments": [str(plan.commitments[0].id)]})
    assert response.status_code == 422
    html = html_of(response)
    assert "The round must close after it opens." in html and 'value="Backwards"' in html
    assert 'value="2030-03-08T09:00"' in html and " checked" in html
    assert db.session.scalar(select(Round)) is None


def test_a_round_moves_to_voting_closes_and_publishes_its_results(db, client_as, assembly,
                                                                  assembly_plan):
    round_ = make_round(db, assembly, assembly_plan[1])
    client = client_as("facilitator")
    path = f"/facilitate/rounds/{round_.id}"
    assert "Move to voting" in html_of(client.get(path))
    assert post(client, f"{path}/advance", page=path).status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, round_.id).stage is RoundStage.VOTE
    page = html_of(client.get(path))
    assert "Voting" in page and "Move to voting" not in page

    assert post(client, f"{path}/close", page=path).status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, round_.id).stage is RoundStage.RESULTS
    response = post(client, f"{path}/close", page=path)
    assert response.status_code == 409 and "This round is closed." in html_of(response)

    response = post(client, f"{path}/publish", {"summary": "  "}, page=path)
    assert response.status_code == 422
    assert "Write a summary of the results for the public." in html_of(response)
    response = post(client, f"{path}/publish", {"summary": "Both drafts stand."}, page=path)
    assert response.status_code == 302
    db.session.expire_all()
    published = db.session.get(Round, round_.id)
    assert published.published_at is not None and published.summary == "Both drafts stand."


def test_reminders_go_only_to_members_who_have_not_taken_part(app, db, client_as, open_round):
    round_, _ = open_round
    seated = assemblies.members(round_.assembly)
    rounds.comment(db.session, seated[0], round_.items[0], "I would start with the budget.")
    db.session.commit()
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    client = client_as("facilitator")
    path = f"/facilitate/rounds/{round_.id}"
    page = html_of(client.get(path))
    assert "5 members have not taken part yet." in page and "Send reminders" in page

    response = post(client, f"{path}/remind", page=path)
    assert response.status_code == 302
    sent = mailman.outbox
    assert sorted(m.to[0] for m in sent) == sorted(m.email for m in seated[1:])
    assert all("/assemblies/join/" in m.body for m in sent)
    assert "5 members were reminded by email." in html_of(client.get(path))


def test_accepting_an_amendment_revises_the_commitment_in_the_round(db, client_as, open_round):
    round_, _ = open_round
    member = assemblies.members(round_.assembly)[0]
    commitment = round_.items[0].commitment
    amendment = rounds.propose_amendment(db.session, member, round_, commitment.id, "action",
                                         "Publish the budget every month.", "Monthly is clearer.")
    declined = rounds.propose_amendment(db.session, member, round_, commitment.id, "title",
                                        "Open budgets")
    db.session.commit()
    client = client_as("facilitator")
    path = f"/facilitate/rounds/{round_.id}"
    response = post(client, f"/facilitate/amendments/{amendment.id}/accept", page=path)
    assert response.status_code == 400  # still deliberating
    assert "Close the round before deciding on its amendments." in html_of(response)

    assert post(client, f"{path}/close", page=path).status_code == 302
    page = html_of(client.get(path))
    assert "Publish the budget every month." in page and "Accept" in page
    assert post(client, f"/facilitate/amendments/{amendment.id}/accept",
                page=path).status_code == 302
    assert post(client, f"/facilitate/amendments/{declined.id}/decline",
                page=path).status_code == 302
    db.session.expire_all()
    revision = db.session.scalars(select(CommitmentRevision).where(
        CommitmentRevision.commitment_id == commitment.id)).one()
    assert revision.round_id == round_.id
    assert db.session.get(type(commitment), commitment.id).action == (
        "Publish the budget every month.")
    assert db.session.get(type(amendment), amendment.id).status is AmendmentStatus.ACCEPTED
    assert db.session.get(type(declined), declined.id).status is AmendmentStatus.DECLINED
