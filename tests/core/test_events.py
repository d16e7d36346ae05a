from sqlalchemy import text

from consult.cli import cli
from consult.core import events
from consult.models import Event


def _log_three(db, create_consultation):
    consultation = create_consultation()
    for action in ("consultation.opened", "consultation.closed", "consultation.reopened"):
        events.record(db.session, None, action, consultation, {"note": "é ✓ مرحبا"})
    db.session.commit()
    return consultation


def test_events_chain_each_row_to_the_previous(db, create_consultation):
    consultation = _log_three(db, create_consultation)
    rows = db.session.query(Event).order_by(Event.id).all()
    assert rows[0].prev_hash == events.GENESIS
    pairs = zip(rows, rows[1:], strict=False)
    assert all(later.prev_hash == earlier.hash for earlier, later in pairs)
    assert events.verify_chain(db.session, consultation.organisation_id).ok


def test_verify_names_the_first_row_edited_behind_the_apps_back(db, create_consultation):
    consultation = _log_three(db, create_consultation)
    second = db.session.query(Event).order_by(Event.id).offset(1).first()
    db.session.execute(
        text("UPDATE event SET action = 'consultation.deleted' WHERE id = :id"), {"id": second.id}
    )
    db.session.commit()
    report = events.verify_chain(db.session, consultation.organisation_id)
    assert not report.ok
    assert report.broken_id == second.id
    assert report.checked == 1


def test_verify_detects_a_deleted_row(db, create_consultation):
    consultation = _log_three(db, create_consultation)
    first_id, second_id = db.session.scalars(
        db.select(Event.id).order_by(Event.id).limit(2)
    ).all()
    db.session.execute(text("DELETE FROM event WHERE id = :id"), {"id": first_id})
    db.session.commit()
    assert events.verify_chain(db.session, consultation.organisation_id).broken_id == second_id


def test_audit_verify_command_fails_on_a_tampered_log(runner, db, create_consultation):
    _log_three(db, create_consultation)
    assert runner.invoke(cli, ["audit", "verify"]).exit_code == 0
    db.session.execute(text("UPDATE event SET payload = '{}'"))
    db.session.commit()
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert "content does not match" in result.output
