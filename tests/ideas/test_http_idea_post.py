"""The idea form over HTTP: a private page whose CSRF token works (a POST without one is
refused), and a receipt given only once the idea, its event and its embedding job are stored,
every database connection still writing to disk before it answers."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from consult import jobs
from consult.models import Event, OutboxJob, Submission
from tests.fixtures.clients import csrf_token

IDEA = "Plant fruit trees along the river path"


@pytest.fixture(autouse=True)
def no_minimum_fill_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)


def form_path(consultation) -> str:
    return f"/consultations/{consultation.id}/ideas/new"


def idea_form(client, consultation, with_token: bool = True) -> dict[str, str]:
    html = client.get(form_path(consultation)).get_data(as_text=True)
    started = re.search(r'name="started" type="hidden" value="([^"]*)"', html)[1]
    data = {"started": started, "question": str(consultation.questions[0].id),
            "text": IDEA, "website": ""}
    if with_token:
        data["csrf_token"] = csrf_token(client, form_path(consultation))
    return data


def test_the_idea_form_is_private_and_gives_its_token_with_a_session(client,
                                                                    create_consultation):
    response = client.get(form_path(create_consultation()))

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert any(cookie.startswith("session=")
               for cookie in response.headers.getlist("Set-Cookie"))
    assert re.search(r'name="csrf_token" type="hidden" value="[^"]+"',
                     response.get_data(as_text=True))


def test_an_idea_sent_without_the_forms_token_is_refused_and_not_stored(
        client, db, create_consultation):
    consultation = create_consultation()
    response = client.post(form_path(consultation),
                           data=idea_form(client, consultation, with_token=False))

    assert response.status_code == 400
    assert db.session.scalars(select(Submission)).all() == []


def test_the_receipt_comes_once_the_idea_its_event_and_its_job_are_stored(
        client, db, create_consultation):
    consultation = create_consultation()
    queued = jobs.queue.pending_count()

    response = client.post(form_path(consultation), data=idea_form(client, consultation))

    assert response.status_code == 302 and response.location.startswith("/track/")
    db.session.expire_all()
    submission = db.session.scalars(select(Submission)).one()
    assert submission.text == IDEA
    assert db.session.scalars(select(Event.action).where(
        Event.object_id == submission.id)).all() == ["submission.created"]
    job = db.session.scalars(select(OutboxJob)).one()
    assert job.task == "embed_new_ideas" and job.args == [consultation.id]
    assert job.sent_at is not None
    assert jobs.queue.pending_count() == queued + 1


def test_after_an_idea_every_connection_still_waits_for_the_disk(client, db,
                                                                create_consultation):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's synchronous setting")
    consultation = create_consultation()
    for _ in range(3):
        client.post(form_path(consultation), data=idea_form(client, consultation))

    connections = [db.engine.connect() for _ in range(db.engine.pool.size())]
    try:
        full = [connection.exec_driver_sql("PRAGMA synchronous").scalar()
                for connection in connections]
    finally:
        for connection in connections:
            connection.close()
    assert full == [2] * len(connections)  # FULL: a receipt means the idea is on disk
