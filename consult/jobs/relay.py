"""Sending the outbox: right after a commit, and again by the worker's relay for what the queue
missed (see `consult.core.outbox`)."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from consult.core.base import utcnow
from consult.core.job import OutboxJob
from consult.core.outbox import PENDING

log = logging.getLogger(__name__)

# A row younger than this is still being sent by the request that wrote it.
RELAY_AFTER = timedelta(seconds=30)
RELAY_BATCH = 200


def send_committed(session: Session) -> None:
    """After a commit: queue this transaction's jobs, and mark those the queue took."""
    from consult.jobs.tasks import by_name

    tasks, sent = by_name(), []
    for name, args, row in session.info.pop(PENDING, []):
        identity = inspect(row).identity
        if identity is None:
            continue
        try:
            tasks[name](*args)
        except Exception as error:  # noqa: BLE001 - the queue is down: the relay sends it later
            log.warning("job %s kept in the outbox: %s", name, type(error).__name__)
        else:
            sent.append(identity[0])
    if sent:
        _mark_sent(session, sent)


def _mark_sent(session: Session, ids: list[int]) -> None:
    """Mark the rows sent, without waiting for the disk: a mark lost in a power cut only means
    the relay sends the job once more. (The change itself was committed durably.)"""
    try:
        with (session.get_bind().connect() as connection, _not_waiting_for_disk(connection),
              connection.begin()):
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            connection.execute(
                update(OutboxJob).where(OutboxJob.id.in_(ids)).values(sent_at=utcnow())
            )
    except SQLAlchemyError as error:  # sent but not marked: the relay sends it once more
        log.warning("outbox rows not marked as sent: %s", type(error).__name__)


@contextmanager
def _not_waiting_for_disk(connection: Connection):
    """On SQLite, this connection's commits skip the fsync (WAL, synchronous=NORMAL) until the
    block ends; the next commit of any other connection writes them to disk with its own.
    SQLite refuses the change inside a transaction, so it is made before it begins."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        try:
            driver.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error:  # never give a connection that skips the fsync back to the pool
            connection.invalidate()


def relay(session: Session, tasks: dict[str, Callable[..., Any]]) -> int:
    """Send the jobs the queue missed; returns how many it took. Commits each batch."""
    rows = session.scalars(
        select(OutboxJob)
        .where(OutboxJob.sent_at.is_(None), OutboxJob.created_at < utcnow() - RELAY_AFTER)
        .order_by(OutboxJob.id)
        .limit(RELAY_BATCH)
    ).all()
    sent = 0
    for row in rows:
        task = tasks.get(row.task)
        try:
            if task is None:
                raise LookupError(f"no job named {row.task}")
            task(*row.args)
        except Exception as error:  # noqa: BLE001 - stays in the outbox, tried again later
            row.attempts += 1
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
        else:
            row.sent_at = utcnow()
            sent += 1
    session.commit()
    return sent


WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"


def heartbeat(session: Session) -> None:
    """This worker is alive: staff pages show the workers seen lately."""
    from consult.core.job import WorkerHeartbeat

    row = session.scalar(select(WorkerHeartbeat).where(WorkerHeartbeat.name == WORKER_NAME))
    if row is None:
        session.add(WorkerHeartbeat(name=WORKER_NAME))
    else:
        row.seen_at = utcnow()
    session.commit()


def relay_forever(context: Callable[[], Any], tasks: dict[str, Callable[..., Any]],
                  stop: threading.Event, interval: float = 10.0) -> None:
    """The worker's relay: every `interval` seconds, send what the queue missed."""
    from consult.extensions import db

    while not stop.wait(interval):
        with context():
            try:
                heartbeat(db.session)
                relay(db.session, tasks)
            except Exception as error:  # noqa: BLE001 - the database or queue is down: next round
                db.session.rollback()
                log.warning("outbox relay failed: %s", type(error).__name__)
