"""Is the installation working: workers seen, jobs waiting or failed, mail going out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_mailman import EmailMessage
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core.base import utcnow
from consult.core.job import FailedJob, WorkerHeartbeat
from consult.jobs import failed_jobs as job_failures

SEEN_WITHIN = timedelta(minutes=2)  # the worker writes every 10 seconds


@dataclass(frozen=True)
class Health:
    workers: list[WorkerHeartbeat]  # seen lately
    queued: int | None  # jobs in the queue, None when the queue cannot be asked
    waiting_in_outbox: int
    failures: list[FailedJob]


def health(session: Session) -> Health:
    from consult import jobs

    recent = session.scalars(select(WorkerHeartbeat).where(
        WorkerHeartbeat.seen_at >= utcnow() - SEEN_WITHIN).order_by(WorkerHeartbeat.name)).all()
    try:
        queued = jobs.queue.pending_count()
    except Exception:  # noqa: BLE001 - Redis down or the queue file locked: shown as unknown
        queued = None
    return Health(list(recent), queued, job_failures.waiting_in_outbox(session),
                  job_failures.open_failures(session))


def send_test_mail(to: str, subject: str, body: str) -> str | None:
    """Send a mail through the configured server; None when it took it, else what went
    wrong (the server's answer, without any password)."""
    try:
        EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - every failure of the mail server is shown
        return f"{type(error).__name__}: {error}"[:500]
    return None
