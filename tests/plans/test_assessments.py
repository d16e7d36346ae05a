"""Independent monitors' assessments of published commitments."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from consult.core.base import utcnow
from consult.core.errors import ConsultError
from consult.models import (
    Assessment,
    Commitment,
    CommitmentStatus,
    Completion,
    Event,
    OpenedGovernment,
    Phase,
)
from consult.plans import assessments
from consult.plans import drafting as plans


@pytest.fixture
def monitored(db, create_consultation, create_user):
    """A published plan with a published commitment (made directly), and a monitor."""
    facilitator = create_user("facilitator")
    plan = plans.create_plan(db.session, facilitator, create_consultation(phase=Phase.ANALYSIS),
                             "Action plan 2027", date(2026, 1, 1), date(2027, 12, 31))
    commitment = Commitment(plan=plan, position=1, title="Safer crossings",
                            status=CommitmentStatus.PUBLISHED, published_at=utcnow())
    db.session.add(commitment)
    plan.published_at = utcnow()
    db.session.commit()
    return plan, commitment, create_user("monitor")


def assess(db, monitor, commitment, **changes):
    values = {"completion": Completion.LIMITED, "opened_government": OpenedGovernment.MARGINAL,
              "text": "Two crossings of ten are done.",
              "evidence": ["https://example.org/site-visit.pdf", "  "]} | changes
    return assessments.publish_assessment(db.session, monitor, commitment, **values)


def test_publish_assessment_is_public_and_logged(db, monitored):
    _, commitment, monitor = monitored
    assessment = assess(db, monitor, commitment)
    db.session.commit()
    assert assessment.published_at is not None and assessment.monitor_id == monitor.id
    assert assessment.evidence == ["https://example.org/site-visit.pdf"]  # blank lines dropped
    event = db.session.scalar(select(Event).where(Event.action == "assessment.published"))
    assert event.object_id == assessment.id and event.payload["completion"] == "limited"


def test_a_monitor_assesses_again_and_all_are_kept_newest_first(db, monitored):
    _, commitment, monitor = monitored
    first = assess(db, monitor, commitment)
    second = assess(db, monitor, commitment, completion="complete",
                    opened_government="major", text="All ten crossings are done.")
    db.session.commit()
    assert second.completion is Completion.COMPLETE
    assert assessments.published_for(db.session, commitment) == [second, first]


def test_assessment_refused_on_a_draft_or_an_unpublished_plan(db, monitored):
    plan, commitment, monitor = monitored
    draft = Commitment(plan=plan, position=2, title="Draft")
    db.session.add(draft)
    db.session.flush()
    with pytest.raises(ConsultError, match="Only a published commitment") as refused:
        assess(db, monitor, draft)
    assert refused.value.status == 400
    plan.published_at = None
    with pytest.raises(ConsultError, match="Only a published commitment"):
        assess(db, monitor, commitment)


@pytest.mark.parametrize("changes, message", [
    ({"text": "  "}, "text is required"),
    ({"evidence": ["javascript:alert(1)"]}, "evidence link"),
    ({"evidence": [f"https://example.org/{n}" for n in range(21)]}, "at most 20"),
    ({"completion": "done"}, "how complete"),
    ({"opened_government": "yes"}, "opened government"),
])
def test_assessment_refused_with_bad_input(db, monitored, changes, message):
    _, commitment, monitor = monitored
    with pytest.raises(ConsultError, match=message):
        assess(db, monitor, commitment, **changes)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Assessment.id))) == 0
