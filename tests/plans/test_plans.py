"""The plan editor and the public plan pages, exports and the verifiable record."""

from __future__ import annotations

import json
import re
from datetime import date

import jsonschema
import pytest
from sqlalchemy import select

from consult.cli import cli
from consult.models import Commitment, ProvenanceLink, Submission
from consult.plans import drafting as plans
from consult.record import open_data
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.clients import csrf_token


def themes(db, consultation):
    return sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)


@pytest.fixture
def published(db, plan, clustered):
    """A published plan with one published commitment drafted from the first theme."""
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    plans.add_milestone(db.session, facilitator, commitment, "Map the routes", date(2027, 3, 1),
                        "Transport office")
    plans.edit(db.session, facilitator, commitment, {"action": "Build 10 km of lanes"}, "Scope")
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    return plan, commitment


def test_a_facilitator_creates_a_plan_and_drafts_from_themes(db, client_as, clustered):
    consultation, _, _ = clustered
    client = client_as("facilitator")
    page = f"/facilitate/consultations/{consultation.id}/plan"
    response = client.post(page, data={
        "title": "Plan 2027", "starts_on": "2027-01-01", "ends_on": "2028-12-31",
        "max_commitments": "5", "csrf_token": csrf_token(client, page)})
    assert response.status_code == 302
    plan_id = int(re.search(r'href="/plans/(\d+)"', client.get(page).get_data(as_text=True))[1])
    first = themes(db, consultation)[0]
    drafted = client.post(f"/facilitate/plans/{plan_id}/draft", data={
        "themes": [first.id], "csrf_token": csrf_token(client, page)})
    assert drafted.status_code == 302 and "/facilitate/commitments/" in drafted.headers["Location"]
    html = client.get(drafted.headers["Location"]).get_data(as_text=True)
    assert first.label in html and "Save a revision" in html


def test_bad_plan_inputs_get_clear_4xx(db, client_as, plan, clustered):
    consultation, _, _ = clustered
    client = client_as("facilitator")
    page = f"/facilitate/consultations/{consultation.id}/plan"
    bad_dates = client.post(page, data={
        "title": "Plan", "starts_on": "2028-01-01", "ends_on": "2027-01-01",
        "max_commitments": "5", "status": "drafting", "csrf_token": csrf_token(client, page)})
    assert bad_dates.status_code == 400
    assert "must end after it starts" in bad_dates.get_data(as_text=True)
    theme = themes(db, consultation)[0]
    for _ in range(5):
        plans.draft_from_themes(db.session, client.user, plan, [theme.id])
    db.session.commit()
    sixth = client.post(f"/facilitate/plans/{plan.id}/draft", data={
        "themes": [theme.id], "csrf_token": csrf_token(client, page)})
    assert sixth.status_code == 400
    assert "already has its 5 commitments" in sixth.get_data(as_text=True)


def test_commitment_editor_refusals(db, client_as, plan, clustered, create_consultation,
                                    create_submission):
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    db.session.commit()
    client = client_as("facilitator")
    page = f"/facilitate/commitments/{commitment.id}"
    stranger = create_submission(create_consultation(), "An idea from elsewhere entirely")
    link = client.post(f"{page}/links", data={"idea": stranger.id, "note": "x",
                                              "csrf_token": csrf_token(client, page)})
    assert link.status_code == 400 and "not part of this plan" in link.get_data(as_text=True)
    early = client.post(f"{page}/milestones", data={
        "description": "Too early", "due_on": "2026-06-01", "status": "not_started",
        "csrf_token": csrf_token(client, page)})
    assert early.status_code == 400 and "before the plan starts" in early.get_data(as_text=True)
    for row in db.session.scalars(select(ProvenanceLink)).all():
        client.post(f"/facilitate/links/{row.id}/remove",
                    data={"csrf_token": csrf_token(client, page)})
    unlinked = client.post(f"{page}/publish", data={"csrf_token": csrf_token(client, page)})
    assert unlinked.status_code == 400
    assert "at least one theme or idea" in unlinked.get_data(as_text=True)
    plan.status = plan.status.ADOPTED
    db.session.commit()
    no_reason = client.post(page, data={"title": "New title", "reason": "",
                                        "csrf_token": csrf_token(client, page)})
    assert no_reason.status_code == 400 and "say why" in no_reason.get_data(as_text=True)


def test_the_public_reaches_every_idea_and_back_in_two_clicks(db, client, published, clustered):
    consultation, _, _ = clustered
    consultation.phase = consultation.phase.ANALYSIS
    db.session.commit()
    plan, commitment = published
    plan_html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert f"/commitments/{commitment.id}" in plan_html  # click 1
    page = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert "Where this came from" in page and "How it changed" in page
    assert "<ins>Build 10 km of lanes</ins>" in page and "Map the routes" in page
    linked = db.session.scalars(select(ProvenanceLink.submission_id).where(
        ProvenanceLink.submission_id.is_not(None))).all()
    for idea_id in linked:
        assert f"/ideas/{idea_id}" in page  # click 2 reaches every idea
    idea_page = client.get(f"/ideas/{linked[0]}").get_data(as_text=True)
    assert "It fed the commitment" in idea_page
    assert f"/commitments/{commitment.id}" in idea_page  # and back


def test_drafts_and_unpublished_plans_are_not_public(db, client, client_as, plan, clustered):
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    db.session.commit()
    resident = client_as("resident")
    for visitor in (client, resident):
        assert visitor.get(f"/plans/{plan.id}").status_code == 403
        assert visitor.get(f"/plans/{plan.id}.md").status_code == 403
        assert visitor.get(f"/commitments/{commitment.id}").status_code == 403
    assert client_as("facilitator").get(f"/plans/{plan.id}.md").status_code == 200


@pytest.mark.parametrize("role, status", [
    (None, 302), ("resident", 403), ("official", 403), ("monitor", 403),
    ("facilitator", 200), ("admin", 200),
])
def test_only_facilitators_and_admins_edit_plans(db, client, client_as, published, clustered,
                                                 role, status):
    consultation, _, _ = clustered
    plan, commitment = published
    visitor = client_as(role) if role else client
    assert visitor.get(f"/facilitate/consultations/{consultation.id}/plan").status_code == status
    assert visitor.get(f"/facilitate/commitments/{commitment.id}").status_code == status
    assert visitor.get(f"/commitments/{commitment.id}").status_code == 200  # published


def test_exports_print_markdown_and_open_data(db, client, published, clustered, tmp_path, runner):
    consultation, _, _ = clustered
    consultation.phase = consultation.phase.ANALYSIS
    db.session.commit()
    plan, commitment = published
    printable = client.get(f"/plans/{plan.id}/print").get_data(as_text=True)
    assert f"http://localhost/commitments/{commitment.id}</a>" in printable
    markdown = client.get(f"/plans/{plan.id}.md")
    assert markdown.mimetype == "text/markdown"
    assert f"## 1. {commitment.title}" in markdown.get_data(as_text=True)

    data = client.get("/open-data.json").get_json()
    schema = json.loads(open_data.SCHEMA.read_text())
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    links = data["tables"]["provenance_links"]
    assert len(links) == db.session.query(ProvenanceLink).count() and links
    assert not any("email" in key or "author" in key for row in data["tables"]["submissions"]
                   for key in row)
    csv = client.get("/open-data/commitments.csv").get_data(as_text=True)
    assert csv.splitlines()[0].startswith("id,plan_id,position,title")

    out = tmp_path / "open.json"
    result = runner.invoke(cli, ["export", "--format", "json", str(out)])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(out.read_text()), schema)
    folder = tmp_path / "csv"
    assert runner.invoke(cli, ["export", "--format", "csv", str(folder)]).exit_code == 0
    assert (folder / "provenance_links.csv").read_text().count("\n") == len(links) + 1


def test_hidden_ideas_never_reach_the_open_data(db, client, published, clustered):
    consultation, _, _ = clustered
    consultation.phase = consultation.phase.ANALYSIS
    idea = db.session.get(Submission, next(iter(current_memberships(db.session,
                                                                     consultation.id))))
    idea.status = idea.status.HIDDEN
    db.session.commit()
    data = client.get("/open-data.json").get_json()["tables"]
    assert idea.id not in {row["id"] for row in data["submissions"]}
    assert idea.id not in {row["submission_id"] for row in data["provenance_links"]}
    assert idea.id not in {row["submission_id"] for row in data["memberships"]}


def test_the_record_verifies_offline_and_a_tampered_copy_fails(db, client, published, runner,
                                                                tmp_path):
    plan, _ = published
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    downloaded = client.get(f"/plans/{plan.id}/record.jsonl").get_data(as_text=True)
    lines = downloaded.splitlines()
    assert json.loads(lines[-1])["hash"] in page  # the page shows the latest hash
    good = tmp_path / "record.jsonl"
    good.write_text(downloaded)
    result = runner.invoke(cli, ["audit", "verify", str(good)])
    assert result.exit_code == 0 and f"{len(lines)} events verified" in result.output

    row = json.loads(lines[3])
    row["payload"] = {**row["payload"], "tampered": True}
    lines[3] = json.dumps(row)
    bad = tmp_path / "tampered.jsonl"
    bad.write_text("\n".join(lines))
    result = runner.invoke(cli, ["audit", "verify", str(bad)])
    assert result.exit_code == 1
    assert f"event {row['id']}: content does not match its hash" in result.output
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text("not json\n")
    result = runner.invoke(cli, ["audit", "verify", str(garbage)])
    assert result.exit_code == 1 and "line 1 is not an event" in result.output


def test_commitment_page_shows_a_passage_highlighted(db, client, published, clustered):
    consultation, _, facilitator = clustered
    plan, commitment = published
    from consult.plans import provenance

    idea = db.session.scalars(select(Submission).where(
        Submission.consultation_id == consultation.id)).first()
    provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                        passage=(0, 10), note="Its first words")
    db.session.commit()
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert f"<mark>{idea.text[:10]}</mark>" in html and "Its first words" in html
    assert db.session.get(Commitment, commitment.id).status.value == "published"
