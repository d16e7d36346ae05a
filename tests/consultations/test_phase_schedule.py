"""Consultations open and close by themselves at their dates (the worker runs this)."""

from datetime import timedelta

from consult.consultations.services import switch_due_phases
from consult.core.base import utcnow
from consult.models import Event, Phase


def test_due_consultations_open_and_close_and_each_switch_is_logged(db, create_consultation):
    now = utcnow()
    opening = create_consultation(Phase.DRAFT, opens_at=now - timedelta(minutes=1))
    closing = create_consultation(Phase.OPEN)
    closing.closes_at = now - timedelta(minutes=1)
    later = create_consultation(Phase.DRAFT, opens_at=now + timedelta(days=1))
    undated = create_consultation(Phase.DRAFT)
    db.session.commit()
    switched = switch_due_phases(db.session, now)
    db.session.commit()
    assert {c.id for c in switched} == {opening.id, closing.id}
    assert (opening.phase, closing.phase, later.phase, undated.phase) == (
        Phase.OPEN, Phase.CLOSED, Phase.DRAFT, Phase.DRAFT)
    logged = db.session.query(Event).filter_by(action="consultation.phase_changed").all()
    assert sorted(event.payload["to"] for event in logged) == ["closed", "open"]
    assert all(event.payload["scheduled"] for event in logged)
    assert switch_due_phases(db.session, now) == []  # nothing twice


def test_a_draft_whose_dates_have_both_passed_stays_a_draft(db, create_consultation):
    now = utcnow()
    stale = create_consultation(Phase.DRAFT, opens_at=now - timedelta(days=9))
    stale.closes_at = now - timedelta(days=2)
    db.session.commit()
    assert switch_due_phases(db.session, now) == []
