"""Independent monitors: the dashboard (/monitor), assessments, reading drafts and the event
log, and changing nothing else."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from consult.core.base import utcnow
from consult.models import (
    Assessment,
    Commitment,
    CommitmentRevision,
    CommitmentStatus,
    Phase,
)
from consult.plans import drafting as plans
from tests.fixtures.clients import csrf_token


def make_plan(db, create_consultation, facilitator, title, published=True):
    """A plan with one published commitment (made directly, no clustering) and a milestone,
    and a draft commitment."""
    plan = plans.create_plan(db.session, facilitator, create_consultation(phase=Phase.ANALYSIS),
                             title, date(2026, 1, 1), date(2027, 12, 31))
    commitment = Commitment(plan=plan, position=1, title="Safer crossings",
                            action="Ten new crossings near schools.",
                            status=CommitmentStatus.PUBLISHED, published_at=utcnow())
    draft = Commitment(plan=plan, position=2, title="Night buses (draft)")
    db.session.add_all([commitment, draft])
    db.session.flush()
    plans.add_milestone(db.session, facilitator, commitment, "Five crossings", date(2026, 6, 1))
    if published:
        plan.published_at = utcnow()
    db.session.commit()
    return plan, commitment, draft


@pytest.fixture
def facilitator(create_user):
    return create_user("facilitator")


@pytest.fixture
def published(db, create_consultation, facilitator):
    return make_plan(db, create_consultation, facilitator, "Action plan 2027")


@pytest.fixture
def unpublished(db, create_consultation, facilitator):
    return make_plan(db, create_consultation, facilitator, "Plan in the making", published=False)


@pytest.fixture
def monitor(client_as):
    return client_as("monitor")


def assess(client, commitment, **changes):
    page = f"/monitor/plans/{commitment.plan_id}"
    values = {"completion": "limited", "opened_government": "marginal",
              "text": "Two crossings of ten are done.",
              "evidence": "https://example.org/site-visit.pdf\r\n",
              "csrf_token": csrf_token(client, page)} | changes
    prefix = f"c{commitment.id}-"
    return client.post(f"/monitor/commitments/{commitment.id}/assessments",
                       data={prefix + name: value for name, value in values.items()})


def test_the_dashboard_lists_every_plan_including_unpublished(db, monitor, published,
                                                              unpublished):
    html = monitor.get("/monitor/").get_data(as_text=True)
    assert "Action plan 2027" in html and "Plan in the making" in html
    assert "Not published" in html and "Night buses (draft)" in html
    page = monitor.get(f"/monitor/plans/{unpublished[0].id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Safer crossings" in text and "Publish an assessment" not in text  # read-only


def test_a_monitor_publishes_assessments_shown_newest_first(db, client, monitor, published):
    plan, commitment, draft = published
    page = monitor.get(f"/monitor/plans/{plan.id}").get_data(as_text=True)
    assert page.count("Publish an assessment") == 1  # the draft gets no form
    first = assess(monitor, commitment)
    assert first.status_code == 302 and first.headers["Location"].endswith(
        f"#commitment-{commitment.id}")
    assert assess(monitor, commitment, completion="substantial", opened_government="major",
                  text="Seven crossings are done.", evidence="").status_code == 302

    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    section = html[html.index('id="assessments"'):html.index('id="answers"')]
    assert section.index("Seven crossings are done.") < section.index(
        "Two crossings of ten are done.")  # newest first, none replaced
    assert "Substantial" in section and "Major" in section and "Limited" in section
    assert 'href="https://example.org/site-visit.pdf"' in section


@pytest.mark.parametrize("changes, status, message", [
    ({"text": " "}, 422, "its text is required"),
    ({"evidence": "https://example.org/a\nfile:///etc/passwd"}, 422, "must be a web address"),
    ({"completion": "done"}, 422, "Choose how complete the commitment is."),
    ({"opened_government": "yes"}, 422, "Choose whether the commitment opened government."),
])
def test_bad_assessments_get_a_clear_message_and_keep_the_form(db, monitor, published,
                                                               changes, status, message):
    _, commitment, _ = published
    response = assess(monitor, commitment, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == status and message in html
    assert "<title>Error:" in html and re.search(r"<details[^>]*open", html)
    if "text" not in changes:
        assert "Two crossings of ten are done." in html  # nothing typed is lost
    assert db.session.scalar(select(func.count(Assessment.id))) == 0


def test_assessing_a_draft_commitment_is_refused(db, monitor, published):
    _, _, draft = published
    response = assess(monitor, draft)
    assert response.status_code == 400
    assert "Only a published commitment" in response.get_data(as_text=True)


def test_a_monitor_reads_unpublished_plans_and_drafts_on_the_public_pages(
        db, client, client_as, monitor, unpublished):
    plan, commitment, draft = unpublished
    assert monitor.get(f"/plans/{plan.id}").status_code == 200
    assert "Night buses (draft)" in monitor.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert monitor.get(f"/commitments/{draft.id}").status_code == 200
    assert monitor.get(f"/plans/{plan.id}/record.jsonl").status_code == 200
    for visitor in (client, client_as("resident")):
        assert visitor.get(f"/plans/{plan.id}").status_code == 403
        assert visitor.get(f"/commitments/{draft.id}").status_code == 403


def test_a_monitor_reads_the_event_log(db, client, client_as, monitor, published):
    response = monitor.get("/monitor/events")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "plan.created" in html and "milestone.added" in html
    assert monitor.get("/monitor/events?page=999999999999999999999").status_code == 200
    assert monitor.get("/monitor/events?page=abc").status_code == 200
    assert client_as("official").get("/monitor/events").status_code == 200
    assert client_as("resident").get("/monitor/events").status_code == 403
    assert client.get("/monitor/events").status_code == 302


def test_a_monitor_changes_nothing_but_assessments(db, monitor, published, facilitator):
    plan, commitment, draft = published
    token = csrf_token(monitor, "/monitor/")
    edit = monitor.post(f"/facilitate/commitments/{commitment.id}", data={
        "title": "Renamed by a monitor", "csrf_token": token})
    assert edit.status_code == 403
    refused = [
        monitor.post(f"/facilitate/commitments/{draft.id}/publish", data={"csrf_token": token}),
        monitor.post(f"/facilitate/plans/{plan.id}/publish", data={"csrf_token": token}),
        monitor.post(f"/facilitate/commitments/{commitment.id}/milestones", data={
            "description": "x", "due_on": "2026-05-01", "csrf_token": token}),
        monitor.post(f"/respond/plans/{plan.id}/adopt", data={
            "adopted_on": "2026-11-01", "csrf_token": token}),
        monitor.post(f"/respond/commitments/{commitment.id}/progress", data={
            f"c{commitment.id}-text": "x", f"c{commitment.id}-csrf_token": token}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    db.session.expire_all()
    assert commitment.title == "Safer crossings" and draft.status is CommitmentStatus.DRAFT
    assert plan.adopted_sha256 is None and len(commitment.milestones) == 1
    assert db.session.scalar(select(func.count(CommitmentRevision.id))) == 0


@pytest.mark.parametrize("role, status", [
    (None, 302), ("resident", 403), ("official", 403), ("facilitator", 403),
    ("monitor", 200), ("admin", 200),
])
def test_only_monitors_and_admins_use_the_dashboard(db, client, client_as, published, role,
                                                    status):
    plan, commitment, _ = published
    visitor = client_as(role) if role else client
    assert visitor.get("/monitor/").status_code == status
    assert visitor.get(f"/monitor/plans/{plan.id}").status_code == status
    if status != 200:
        token = csrf_token(visitor, "/login" if role is None else "/")
        posted = visitor.post(f"/monitor/commitments/{commitment.id}/assessments", data={
            f"c{commitment.id}-text": "x", f"c{commitment.id}-completion": "limited",
            f"c{commitment.id}-opened_government": "no", f"c{commitment.id}-csrf_token": token})
        assert posted.status_code == status
        assert db.session.scalar(select(func.count(Assessment.id))) == 0
