"""The officials' queue finds each idea's answer by the idea's own index once the database's
statistics are fresh, not by reading every answer of the organisation for each idea."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, text

from consult.database import refresh_statistics
from consult.models import Phase, Response, ResponseState, ResponseStatus, Submission
from consult.models import SubmissionStatus as Status

PLAN = ("SELECT count(*) FROM submission s WHERE NOT EXISTS (SELECT response.id FROM response "
        "WHERE response.submission_id = s.id AND response.state = 'published' "
        "AND response.organisation_id = :organisation)")


@pytest.fixture
def answered(db, create_consultation):
    consultation = create_consultation(Phase.ANALYSIS)
    shared = {"consultation_id": consultation.id, "organisation_id": consultation.organisation_id}
    db.session.execute(insert(Submission), [
        {**shared, "text": f"Idea number {n} for the city", "language": "en", "channel": "web",
         "status": Status.PUBLISHED, "tracking_nonce": f"n{n}"} for n in range(400)])
    ids = [row[0] for row in db.session.execute(text("SELECT id FROM submission"))]
    db.session.execute(insert(Response), [
        {**shared, "submission_id": idea, "text": "We will do it.",
         "state": ResponseState.PUBLISHED, "status": ResponseStatus.ACCEPTED}
        for idea in ids[::2]])
    db.session.commit()
    return consultation


def test_fresh_statistics_send_the_queue_through_the_ideas_index(db, answered):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps its statistics itself")
    refresh_statistics(db.session)
    plan = " ".join(str(row[-1]) for row in db.session.execute(
        text(f"EXPLAIN QUERY PLAN {PLAN}"), {"organisation": answered.organisation_id}))
    assert "ix_response_submission" in plan


def test_refreshing_the_statistics_changes_no_data(db, answered):
    before = db.session.scalar(text("SELECT count(*) FROM response"))
    refresh_statistics(db.session)
    assert db.session.scalar(text("SELECT count(*) FROM response")) == before
