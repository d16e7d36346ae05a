"""The jobs outbox: a job is a row written with the change that needs it.

The row commits with the change or not at all, so a job can never be lost between the
commit and the queue: it is sent to the queue right after the commit, and when the queue
cannot be reached (Redis down, the queue file locked), the worker's relay sends it again
once it can. Jobs are idempotent, so a job sent twice (sent, then the mark failed) is
harmless.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from consult.core.job import OutboxJob

log = logging.getLogger(__name__)

PENDING = "consult_jobs_after_commit"


def enqueue_after_commit(session: Session, task: str, *args: Any) -> None:
    """Queue the job named `task` (a function of `consult.jobs.tasks`) with `args` once
    `session` commits; nothing if it rolls back. By name: features need not import the tasks,
    which import features. The row is written in this transaction, so the job is not lost when
    the queue cannot be reached at that moment."""
    pending = session.info.setdefault(PENDING, [])
    if any(task == known and args == known_args for known, known_args, _ in pending):
        return  # a CSV import of 500 ideas needs one embedding job
    row = OutboxJob(task=task, args=list(args))
    session.add(row)
    pending.append((task, args, row))


def forget(session: Session) -> None:
    session.info.pop(PENDING, None)
