"""Adoption (the version signed off, fingerprinted) and progress reports on milestones."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError
from consult.models import (
    Commitment,
    CommitmentStatus,
    Event,
    MilestoneStatus,
    Phase,
    PlanStatus,
    ProgressUpdate,
)
from consult.plans import drafting as plans
from consult.plans import implementation

TODAY = utcnow().date()


def make_plan(db, create_consultation, facilitator, title="Action plan 2027", published=True):
    """A plan with one published commitment (made directly, no clustering) and a milestone."""
    consultation = create_consultation(phase=Phase.ANALYSIS)
    plan = plans.create_plan(db.session, facilitator, consultation, title,
                             date(2026, 1, 1), date(2027, 12, 31))
    commitment = Commitment(plan=plan, position=1, title="Open budget data",
                            problem="Nobody can read the budget.", action="Publish it monthly.",
                            lead_institution="Finance office", starts_on=date(2026, 1, 1),
                            ends_on=date(2027, 6, 30), status=CommitmentStatus.PUBLISHED,
                            published_at=utcnow())
    db.session.add(commitment)
    db.session.flush()
    milestone = plans.add_milestone(db.session, facilitator, commitment,
                                    "First monthly budget file", date(2026, 3, 1), "Treasury")
    if published:
        plan.published_at = utcnow()
    db.session.commit()
    return plan, commitment, milestone


@pytest.fixture
def people(create_user):
    return create_user("facilitator"), create_user("official")


@pytest.fixture
def adoptable(db, create_consultation, people):
    return make_plan(db, create_consultation, people[0])


@pytest.fixture
def adopted(db, adoptable, people):
    plan, commitment, milestone = adoptable
    implementation.adopt_plan(db.session, people[1], plan, TODAY)
    db.session.commit()
    return adoptable


def post(db, official, commitment, milestone_id, **changes):
    values = {"status": MilestoneStatus.IN_PROGRESS, "on": TODAY - timedelta(days=3),
              "evidence_url": "https://example.org/budget-2026-01.csv",
              "text": "The January file is online."} | changes
    return implementation.post_progress(db.session, official, commitment, milestone_id,
                                        values["status"], values["on"], values["evidence_url"],
                                        values["text"])


def test_adopt_plan_keeps_the_version_signed_off_and_its_sha256(db, adoptable, people):
    plan, commitment, milestone = adoptable
    draft = Commitment(plan=plan, position=2, title="Not ready yet")
    db.session.add(draft)
    implementation.adopt_plan(db.session, people[1], plan, TODAY)
    db.session.commit()

    assert plan.status is PlanStatus.ADOPTED and plan.adopted_on == TODAY
    assert plan.adopted_by_id == people[1].id
    [kept] = plan.adopted_version["commitments"]  # the draft is not part of what was adopted
    assert implementation.adoption_difference(plan, draft) == "absent"
    assert kept["id"] == commitment.id and kept["title"] == "Open budget data"
    assert kept["action"] == "Publish it monthly." and kept["ends_on"] == "2027-06-30"
    assert kept["milestones"] == [{"id": milestone.id, "description": "First monthly budget file",
                                   "due_on": "2026-03-01", "responsible": "Treasury"}]
    canonical = json.dumps(plan.adopted_version, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False).encode()
    assert plan.adopted_sha256 == hashlib.sha256(canonical).hexdigest()
    event = db.session.scalar(select(Event).where(Event.action == "plan.adopted"))
    assert event.payload["sha256"] == plan.adopted_sha256 and event.actor_id == people[1].id


def test_the_version_signed_off_does_not_follow_later_edits(db, adopted, people):
    plan, commitment, _ = adopted
    signed, fingerprint = json.dumps(plan.adopted_version), plan.adopted_sha256
    assert implementation.adoption_difference(plan, commitment) is None
    plans.edit(db.session, people[0], commitment, {"action": "Publish it weekly."},
               "The council asked for more")
    db.session.commit()
    db.session.expire_all()
    assert json.dumps(plan.adopted_version) == signed and plan.adopted_sha256 == fingerprint
    assert implementation.adoption_difference(plan, commitment) == "changed"


def test_adopt_plan_refused_when_adopted_twice(db, adopted, people):
    plan, _, _ = adopted
    fingerprint = plan.adopted_sha256
    with pytest.raises(Conflict, match="already adopted") as refused:
        implementation.adopt_plan(db.session, people[1], plan, TODAY)
    assert refused.value.status == 409
    assert plan.adopted_sha256 == fingerprint
    assert db.session.scalar(select(func.count(Event.id))
                             .where(Event.action == "plan.adopted")) == 1


def test_adopt_plan_refused_when_unpublished_empty_or_in_the_future(db, create_consultation,
                                                                    people):
    official = people[1]
    unpublished, _, _ = make_plan(db, create_consultation, people[0], published=False)
    with pytest.raises(ConsultError, match="Only a published plan"):
        implementation.adopt_plan(db.session, official, unpublished, TODAY)
    empty, commitment, _ = make_plan(db, create_consultation, people[0], "Empty")
    commitment.status = CommitmentStatus.DRAFT
    with pytest.raises(ConsultError, match="no published commitment"):
        implementation.adopt_plan(db.session, official, empty, TODAY)
    commitment.status = CommitmentStatus.PUBLISHED
    with pytest.raises(ConsultError, match="cannot be in the future") as refused:
        implementation.adopt_plan(db.session, official, empty, TODAY + timedelta(days=3))
    assert refused.value.status == 400 and empty.adopted_sha256 is None


def test_first_progress_starts_implementation_and_sets_the_milestone_status(db, adopted,
                                                                           people):
    plan, commitment, milestone = adopted
    post(db, people[1], commitment, milestone.id)
    db.session.commit()
    assert plan.status is PlanStatus.IMPLEMENTING
    assert milestone.status is MilestoneStatus.IN_PROGRESS
    post(db, people[1], commitment, milestone.id, status=MilestoneStatus.COMPLETE, on=TODAY,
         evidence_url="", text="Every month is online.")
    post(db, people[1], commitment, None, status=MilestoneStatus.DELAYED, text="Overall late.")
    db.session.commit()
    assert plan.status is PlanStatus.IMPLEMENTING and milestone.status is MilestoneStatus.COMPLETE
    actions = db.session.scalars(select(Event.action).order_by(Event.id)).all()
    assert actions.count("progress.posted") == 3 and actions.count("plan.implementing") == 1

    whole, on_milestone = implementation.progress(db.session, commitment)
    assert whole.milestone is None and [u.text for u in whole.updates] == ["Overall late."]
    assert on_milestone.milestone == milestone
    assert [u.text for u in on_milestone.updates] == ["The January file is online.",
                                                       "Every month is online."]


def test_progress_refused_on_a_milestone_of_another_plan(db, adopted, create_consultation,
                                                         people):
    _, commitment, _ = adopted
    _, _, elsewhere = make_plan(db, create_consultation, people[0], "Another plan")
    with pytest.raises(ConsultError, match="not one of this commitment's milestones") as refused:
        post(db, people[1], commitment, elsewhere.id)
    assert refused.value.status == 400
    with pytest.raises(ConsultError, match="not one of this commitment's milestones"):
        post(db, people[1], commitment, 987654)
    db.session.rollback()
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0
    assert elsewhere.status is MilestoneStatus.NOT_STARTED


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "ftp://example.org/file", "example.org/report", "https://",
    "https://exa mple.org/report", "https://example.org/" + "x" * 500,
])
def test_progress_refused_with_a_bad_evidence_link(db, adopted, people, url):
    _, commitment, milestone = adopted
    with pytest.raises(ConsultError, match="evidence link") as refused:
        post(db, people[1], commitment, milestone.id, evidence_url=url)
    assert refused.value.status == 400


@pytest.mark.parametrize("changes, message", [
    ({"on": TODAY + timedelta(days=2)}, "cannot be in the future"),
    ({"text": "   "}, "text of the update is required"),
    ({"status": "finished"}, "Choose a status"),
])
def test_progress_refused_with_bad_input(db, adopted, people, changes, message):
    _, commitment, milestone = adopted
    with pytest.raises(ConsultError, match=message):
        post(db, people[1], commitment, milestone.id, **changes)


def test_progress_refused_before_adoption_and_on_drafts(db, adoptable, people):
    plan, commitment, milestone = adoptable
    with pytest.raises(Conflict, match="adopted plan only"):
        post(db, people[1], commitment, milestone.id)
    implementation.adopt_plan(db.session, people[1], plan, TODAY)
    draft = Commitment(plan=plan, position=2, title="Draft")
    db.session.add(draft)
    db.session.flush()
    with pytest.raises(ConsultError, match="published commitments only"):
        post(db, people[1], draft, None)
