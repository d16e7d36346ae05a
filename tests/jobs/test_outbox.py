"""Jobs go through an outbox: a queue that cannot be reached loses none of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from redis.exceptions import ConnectionError as RedisDown
from sqlalchemy import select, update

from consult import jobs
from consult.core.base import utcnow
from consult.ideas.submitting import IdeaInput, submit_idea
from consult.jobs import failures, tasks
from consult.jobs import relay as outbox
from consult.models import FailedJob, OutboxJob, Phase, Submission


@pytest.fixture
def queue_down(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise RedisDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(jobs.queue.storage, "enqueue", refuse)
    yield
    monkeypatch.undo()


def outbox_rows(db) -> list[OutboxJob]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxJob).order_by(OutboxJob.id)))


def age_outbox(db) -> None:
    """As if the rows were written longer ago than the relay waits for."""
    db.session.execute(update(OutboxJob).values(
        created_at=utcnow() - outbox.RELAY_AFTER - timedelta(seconds=1)))
    db.session.commit()


def test_a_job_sent_after_commit_is_marked_in_the_outbox(db, create_consultation):
    consultation = create_consultation(Phase.OPEN)
    submit_idea(db.session, None, consultation, IdeaInput(text="Plant trees along the river"))
    db.session.commit()
    [row] = outbox_rows(db)
    assert row.task == "embed_new_ideas" and row.args == [consultation.id]
    assert row.sent_at is not None
    assert jobs.queue.pending_count() == 1


def test_a_rolled_back_change_leaves_no_job_in_the_outbox(db, create_consultation):
    consultation = create_consultation(Phase.OPEN)
    submit_idea(db.session, None, consultation, IdeaInput(text="Plant trees along the river"))
    db.session.rollback()
    assert outbox_rows(db) == []


def test_ideas_are_stored_while_the_queue_is_down_and_their_job_is_sent_when_it_is_back(
    db, client, create_consultation, queue_down, monkeypatch, app
):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)
    consultation = create_consultation(Phase.OPEN)
    submit_idea(db.session, None, consultation, IdeaInput(text="Plant trees along the river"))
    db.session.commit()  # the queue refuses: the change is committed all the same
    assert db.session.query(Submission).count() == 1
    [row] = outbox_rows(db)
    assert row.sent_at is None
    assert jobs.queue.pending_count() == 0

    age_outbox(db)
    assert outbox.relay(db.session, tasks.by_name()) == 0  # still down: kept, counted
    [row] = outbox_rows(db)
    assert row.sent_at is None and row.attempts == 1 and "Connection refused" in row.last_error

    monkeypatch.undo()  # the queue is back
    assert outbox.relay(db.session, tasks.by_name()) == 1
    [row] = outbox_rows(db)
    assert row.sent_at is not None
    assert jobs.queue.pending_count() == 1


def test_the_relay_leaves_young_rows_to_the_request_that_wrote_them(db, create_consultation,
                                                                     queue_down):
    consultation = create_consultation(Phase.OPEN)
    submit_idea(db.session, None, consultation, IdeaInput(text="Plant trees along the river"))
    db.session.commit()
    assert outbox.relay(db.session, tasks.by_name()) == 0
    assert outbox_rows(db)[0].attempts == 0


def test_a_job_failing_on_its_last_attempt_is_shown_to_facilitators_and_can_run_again(
    db, client_as, monkeypatch
):
    failures.record_failure("embed_new_ideas", [7], RuntimeError("database is locked"))
    facilitator = client_as("facilitator")
    page = facilitator.get("/facilitate/").get_data(as_text=True)
    assert "Background work that needs attention" in page
    assert "Preparing new ideas for grouping" in page and "database is locked" in page

    [failure] = db.session.scalars(select(FailedJob)).all()
    html = facilitator.get("/facilitate/").get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    response = facilitator.post(f"/facilitate/jobs/{failure.id}/run-again",
                                data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FailedJob, failure.id).resolved_at is not None
    assert jobs.queue.pending_count() == 1
    assert "Background work that needs attention" not in facilitator.get(
        "/facilitate/").get_data(as_text=True)
    again = facilitator.post(f"/facilitate/jobs/{failure.id}/run-again",
                             data={"csrf_token": token})
    assert again.status_code == 400  # already run again
    missing = facilitator.post("/facilitate/jobs/999999/run-again", data={"csrf_token": token})
    assert missing.status_code == 404


def test_only_the_last_attempt_of_a_job_counts_as_failed(db):
    task = tasks.embed_new_ideas.s(3)
    failures._on_error("error", task, RuntimeError("first try"))  # retries left
    db.session.commit()
    assert db.session.scalars(select(FailedJob)).all() == []
    task.retries = 0
    failures._on_error("error", task, RuntimeError("last try"))
    db.session.commit()
    [failure] = db.session.scalars(select(FailedJob)).all()
    assert failure.task == "embed_new_ideas" and failure.args == [3]
    assert failure.error == "RuntimeError: last try"
