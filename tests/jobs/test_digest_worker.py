"""A real `consult worker` killed (SIGKILL) while it mails residents their daily digests, with
a real SMTP server: the next run sends what is left, and only the digest in flight goes twice."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from consult.core.base import utcnow
from consult.jobs import tasks
from consult.models import Notice, Phase, Response, ResponseState, ResponseStatus
from consult.responses import notices
from tests.fixtures.smtp import HOST, Recorder, free_port
from tests.jobs.test_worker import WAIT_SECONDS, Worker, queue, start_worker  # noqa: F401

RESIDENTS = 12
KILLED_AT = 5  # the worker dies waiting for the server's answer to this digest
STALL_SECONDS = 20


@dataclass
class StallingServer(Recorder):
    """Keeps every digest it receives; on the KILLED_AT-th, waits before answering."""

    reached: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd API
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == KILLED_AT:
            self.reached.set()
            await asyncio.sleep(STALL_SECONDS)
        return answer


@pytest.fixture
def smtp(queue):  # noqa: F811 - the worker's environment
    recorder = StallingServer(port=free_port())
    controller = Controller(recorder, hostname=HOST, port=recorder.port)
    controller.start()
    queue.update({"MAIL_BACKEND": "smtp", "MAIL_SERVER": HOST, "MAIL_PORT": str(recorder.port),
                  "MAIL_TIMEOUT": str(STALL_SECONDS * 2),
                  "CONSULT_BASE_URL": "https://consult.example.org"})
    yield recorder
    controller.stop()


@pytest.fixture
def residents(db, create_consultation, create_submission) -> list[str]:
    """RESIDENTS ideas, each from its own address, each answered: one digest each to send."""
    consultation = create_consultation(Phase.ANSWERED)
    emails = [f"resident{n:02}@example.org" for n in range(RESIDENTS)]
    for email in emails:
        idea = create_submission(consultation, contact_email=email)
        response = Response(consultation_id=consultation.id, submission_id=idea.id,
                            status=ResponseStatus.ACCEPTED, state=ResponseState.PUBLISHED,
                            text="Done by June.", published_at=utcnow())
        db.session.add(response)
        db.session.flush()
        notices.queue_answered(db.session, response)
    db.session.commit()
    return emails


def waiting(db) -> int:
    db.session.rollback()  # a fresh snapshot
    return db.session.scalar(select(func.count(Notice.id)).where(Notice.sent_at.is_(None)))


def wait_until(condition, worker: Worker, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        assert worker.process.poll() is None, worker.log.read_text()
        time.sleep(0.05)
    pytest.fail(f"{what} did not happen in time:\n{worker.log.read_text()}")


def test_a_worker_killed_mid_digests_loses_none_and_repeats_only_the_one_in_flight(
        db, smtp, residents, start_worker):  # noqa: F811
    worker = start_worker()
    tasks.send_daily_digests()  # what the schedule enqueues at the digest hour
    wait_until(smtp.reached.is_set, worker, "the fifth digest")
    worker.stop(signal.SIGKILL)

    # The four answered digests are marked sent; the fifth reached the server unconfirmed.
    assert len(smtp.messages) == KILLED_AT
    assert waiting(db) == RESIDENTS - (KILLED_AT - 1)

    worker = start_worker()  # a restarted worker frees the lock the dead one held
    tasks.send_daily_digests()
    wait_until(lambda: waiting(db) == 0, worker, "the rest of the digests")
    worker.stop()

    received = Counter(message["To"] for message in smtp.messages)
    in_flight = residents[KILLED_AT - 1]  # digests go out in the order of the addresses
    assert received == {**dict.fromkeys(residents, 1), in_flight: 2}
    copies = [m["Message-ID"] for m in smtp.messages if m["To"] == in_flight]
    assert len(set(copies)) == 1  # the copy is recognisably the same message
    assert len({m["Message-ID"] for m in smtp.messages}) == RESIDENTS
