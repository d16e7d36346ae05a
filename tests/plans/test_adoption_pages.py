"""Officials' adoption and progress pages (/respond/plans), and what the public pages show."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from consult.core.base import utcnow
from consult.models import (
    Commitment,
    CommitmentStatus,
    MilestoneStatus,
    Phase,
    PlanStatus,
    ProgressUpdate,
    Response,
    ResponseState,
    ResponseStatus,
)
from consult.plans import drafting as plans
from consult.plans import implementation
from tests.fixtures.clients import csrf_token

TODAY = utcnow().date()


def in_english(day: date) -> str:
    """A day as an English page shows it: "Dec 5, 2026"."""
    return f"{day:%b} {day.day}, {day.year}"


def make_plan(db, create_consultation, facilitator, title="Action plan 2027"):
    """A published plan with one published commitment (made directly) and a milestone."""
    consultation = create_consultation(phase=Phase.ANALYSIS)
    plan = plans.create_plan(db.session, facilitator, consultation, title,
                             date(2026, 1, 1), date(2027, 12, 31))
    commitment = Commitment(plan=plan, position=1, title="Open budget data",
                            action="Publish the budget monthly.",
                            status=CommitmentStatus.PUBLISHED, published_at=utcnow())
    db.session.add(commitment)
    db.session.flush()
    milestone = plans.add_milestone(db.session, facilitator, commitment,
                                    "First monthly budget file", date(2026, 3, 1), "Treasury")
    plan.published_at = utcnow()
    db.session.commit()
    return plan, commitment, milestone


@pytest.fixture
def published(db, create_consultation, create_user):
    return make_plan(db, create_consultation, create_user("facilitator"))


@pytest.fixture
def official(client_as):
    return client_as("official")


def adopt(client, plan, on=TODAY):
    page = f"/respond/plans/{plan.id}"
    return client.post(f"{page}/adopt", data={"adopted_on": str(on) if on else "",
                                              "csrf_token": csrf_token(client, page)})


def report(client, commitment, milestone_id, **changes):
    page = f"/respond/plans/{commitment.plan_id}"
    values = {"milestone": str(milestone_id or ""), "status": "in_progress",
              "on": str(TODAY - timedelta(days=20)), "text": "The January file is online.",
              "evidence_url": "https://example.org/budget-2026-01.csv",
              "csrf_token": csrf_token(client, page)} | changes
    prefix = f"c{commitment.id}-"
    return client.post(f"/respond/commitments/{commitment.id}/progress",
                       data={prefix + name: value for name, value in values.items()})


def test_an_official_adopts_the_plan_and_the_public_sees_the_fingerprint(db, client, official,
                                                                         published):
    plan, commitment, _ = published
    listing = official.get("/respond/plans/").get_data(as_text=True)
    assert f"/respond/plans/{plan.id}" in listing
    response = adopt(official, plan)
    assert response.status_code == 302
    db.session.expire_all()
    assert plan.status is PlanStatus.ADOPTED and plan.adopted_on == TODAY
    page = official.get(f"/respond/plans/{plan.id}").get_data(as_text=True)
    assert plan.adopted_sha256 in page and "Report progress" in page

    public = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert f"Adopted on {in_english(TODAY)}." in public and plan.adopted_sha256 in public
    assert plan.adopted_sha256 in client.get(f"/commitments/{commitment.id}").get_data(
        as_text=True)
    signed = client.get(f"/plans/{plan.id}/adopted.json")
    assert signed.status_code == 200
    assert hashlib.sha256(signed.data).hexdigest() == plan.adopted_sha256  # anyone can check


def test_adopting_twice_is_a_conflict(db, official, published):
    plan, _, _ = published
    assert adopt(official, plan).status_code == 302
    again = adopt(official, plan)
    assert again.status_code == 409
    assert "already adopted" in again.get_data(as_text=True)


@pytest.mark.parametrize("on, status, message", [
    (None, 422, "Give the date the plan was adopted."),
    ("31/12/2026", 422, "Not a valid date value"),
    (TODAY + timedelta(days=5), 400, "cannot be in the future"),
])
def test_adoption_refused_with_a_clear_message(db, official, published, on, status, message):
    plan, _, _ = published
    response = adopt(official, plan, on)
    html = response.get_data(as_text=True)
    assert response.status_code == status and message in html
    assert html.count("<title>Error:") == 1
    assert db.session.get(type(plan), plan.id).adopted_sha256 is None
    if on:
        assert f'value="{on}"' in html  # what was typed is kept


def test_progress_over_time_is_shown_on_the_commitment_page(db, client, official, published):
    plan, commitment, milestone = published
    adopt(official, plan)
    first = report(official, commitment, milestone.id)
    assert first.status_code == 302 and first.headers["Location"].endswith(
        f"#commitment-{commitment.id}")
    second = report(official, commitment, milestone.id, status="complete",
                    on=str(TODAY - timedelta(days=2)), text="Every month is online.",
                    evidence_url="")
    assert second.status_code == 302
    db.session.expire_all()
    assert plan.status is PlanStatus.IMPLEMENTING and milestone.status is MilestoneStatus.COMPLETE

    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    progress = html[html.index('id="progress"'):html.index('id="assessments"')]
    assert "Milestone: First monthly budget file" in progress
    assert progress.index("The January file is online.") < progress.index(
        "Every month is online.")  # oldest first: progress over time
    assert in_english(TODAY - timedelta(days=20)) in progress and "In progress" in progress
    assert 'href="https://example.org/budget-2026-01.csv"' in progress
    assert "Complete" in progress
    assert "Being implemented" in client.get(f"/plans/{plan.id}").get_data(as_text=True)


def test_progress_on_a_milestone_of_another_plan_is_refused(db, create_consultation,
                                                            create_user, official, published):
    plan, commitment, _ = published
    _, _, elsewhere = make_plan(db, create_consultation, create_user("facilitator"), "Other")
    adopt(official, plan)
    response = report(official, commitment, elsewhere.id, text="Typed with care")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "not one of this commitment&#39;s milestones" in html
    assert "Typed with care" in html  # nothing typed is lost
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0
    assert report(official, commitment, "abc").status_code == 422


@pytest.mark.parametrize("changes, status, message", [
    ({"evidence_url": "javascript:alert(1)"}, 422, "must be a web address"),
    ({"evidence_url": "www.example.org"}, 422, "must be a web address"),
    ({"on": str(TODAY + timedelta(days=3))}, 400, "cannot be in the future"),
    ({"on": ""}, 422, "Give the date of this progress."),
    ({"text": "  "}, 422, "the text of the update is required"),
    ({"status": "finished"}, 422, "Choose a status from the list."),
])
def test_bad_progress_gets_a_clear_message_and_keeps_the_form(db, official, published, changes,
                                                              status, message):
    plan, commitment, milestone = published
    adopt(official, plan)
    response = report(official, commitment, milestone.id, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == status and message in html
    assert "<title>Error:" in html and re.search(r"<details[^>]*open", html)
    if "evidence_url" in changes:  # said next to the field
        assert f'id="c{commitment.id}-evidence_url-error"' in html
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0


def test_progress_before_adoption_is_refused(db, official, published):
    plan, commitment, milestone = published
    assert "Adopt the plan first" in official.get(f"/respond/plans/{plan.id}").get_data(
        as_text=True)
    response = report(official, commitment, milestone.id)
    assert response.status_code == 409 and "adopted plan only" in response.get_data(as_text=True)


def test_the_commitment_page_lists_published_answers_that_point_to_it(
        db, client, published, create_submission):
    plan, commitment, _ = published
    idea = create_submission(plan.consultation, "Put the budget online")
    for state, text in ((ResponseState.PUBLISHED, "We publish it from March."),
                        (ResponseState.DRAFT, "Not yet public")):
        db.session.add(Response(consultation=plan.consultation, submission=idea,
                                status=ResponseStatus.ACCEPTED, state=state, text=text,
                                published_at=utcnow(), commitments=[commitment]))
    db.session.commit()
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    answers = html[html.index('id="answers"'):]
    assert "Accepted" in answers and "We publish it from March." in answers
    assert f"/ideas/{idea.id}" in answers and "Not yet public" not in html


def test_the_commitment_page_says_when_it_changed_since_adoption(db, client, create_user,
                                                                 published):
    plan, commitment, _ = published
    implementation.adopt_plan(db.session, create_user("official"), plan, TODAY)
    plans.edit(db.session, create_user("facilitator"), commitment,
               {"action": "Publish it weekly."}, "Asked by the council")
    db.session.commit()
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert "changed since the plan was adopted" in html


@pytest.mark.parametrize("role, status", [
    (None, 302), ("resident", 403), ("monitor", 403), ("facilitator", 403),
    ("official", 200), ("admin", 200),
])
def test_only_officials_and_admins_use_the_adoption_pages(db, client, client_as, published,
                                                          role, status):
    plan, commitment, milestone = published
    visitor = client_as(role) if role else client
    assert visitor.get("/respond/plans/").status_code == status
    assert visitor.get(f"/respond/plans/{plan.id}").status_code == status
    if status != 200:
        token = csrf_token(visitor, "/login") if role is None else csrf_token(visitor, "/")
        posted = visitor.post(f"/respond/plans/{plan.id}/adopt",
                              data={"adopted_on": str(TODAY), "csrf_token": token})
        assert posted.status_code == status
        progress = visitor.post(f"/respond/commitments/{commitment.id}/progress", data={
            f"c{commitment.id}-text": "x", f"c{commitment.id}-csrf_token": token})
        assert progress.status_code == status
        db.session.expire_all()
        assert plan.adopted_sha256 is None
