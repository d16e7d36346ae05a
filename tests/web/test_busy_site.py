"""Residents sending ideas while others' long similar-ideas lookups run: every idea is stored."""

from __future__ import annotations

import re
import threading
import time

import numpy as np
import pytest

from consult.models import Submission
from consult.themes import similar
from tests.fixtures.clients import csrf_token

LOOKUP_SECONDS = 8
SENDERS = 6


@pytest.fixture(autouse=True)
def no_minimum_fill_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)


@pytest.fixture
def slow_lookups(monkeypatch):
    """Every lookup computes for LOOKUP_SECONDS inside its request; `started` when one does."""
    started = threading.Event()

    def computing(*_args):
        started.set()
        time.sleep(LOOKUP_SECONDS)
        return [], np.zeros((0, 0), np.float32)

    monkeypatch.setattr(similar, "_cached_vectors", computing)
    return started


def idea_form(client, consultation) -> dict:
    path = f"/consultations/{consultation.id}/ideas/new"
    html = client.get(path).get_data(as_text=True)
    hidden = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', html))
    return {**hidden, "question": str(consultation.questions[0].id), "website": ""}


def test_ideas_sent_during_a_long_similar_ideas_lookup_are_all_stored(
        app, db, use_model, create_consultation, create_submission, slow_lookups):
    consultation = create_consultation()
    create_submission(consultation, "A published idea so that the lookup has something to read")
    looker = app.test_client()
    token = csrf_token(looker, f"/consultations/{consultation.id}/ideas/new")
    lookups = []

    def look() -> None:
        response = looker.post(f"/consultations/{consultation.id}/ideas/similar",
                               data={"csrf_token": token,
                                     "text": "Bicycle parking next to the library please"})
        lookups.append(response.status_code)

    senders = [app.test_client() for _ in range(SENDERS)]
    forms = [idea_form(sender, consultation) for sender in senders]
    thread = threading.Thread(target=look)
    thread.start()
    assert slow_lookups.wait(10)  # the lookup is computing, its transaction open
    answers = []

    def send(number: int) -> None:
        response = senders[number].post(
            f"/consultations/{consultation.id}/ideas/new",
            data={**forms[number], "text": f"Idea number {number} sent during the lookup"})
        answers.append((response.status_code, response.headers.get("Location", "")))

    threads = [threading.Thread(target=send, args=(number,)) for number in range(SENDERS)]
    for sender in threads:
        sender.start()
    for sender in threads:
        sender.join(30)
    still_looking = thread.is_alive()
    thread.join(30)

    assert still_looking  # the ideas were all answered while the lookup still ran
    assert lookups == [200]
    assert sorted(status for status, _ in answers) == [302] * SENDERS
    assert all("/track/" in location for _, location in answers)
    db.session.rollback()  # this test's own read began before the ideas were sent
    stored = {s.text for s in db.session.query(Submission)}
    assert {f"Idea number {n} sent during the lookup" for n in range(SENDERS)} <= stored


def test_control_and_bidi_override_characters_never_reach_the_database(client, db,
                                                                       create_consultation):
    consultation = create_consultation()
    form = idea_form(client, consultation)
    response = client.post(f"/consultations/{consultation.id}/ideas/new", data={
        **form, "text": "Pay \u202e1000\u202c\x00 euros for کتاب\u200cها in the park"})
    assert response.status_code == 302
    stored = db.session.query(Submission).one().text
    assert stored == "Pay 1000\u202c euros for کتاب\u200cها in the park"
