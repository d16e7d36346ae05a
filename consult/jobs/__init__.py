"""Background jobs on a real queue (Huey).

One interface, three storages chosen by ``JOBS_BACKEND``:

- ``sqlite`` (the default without Redis): a file next to the database, no server needed;
- ``redis`` (the default when ``REDIS_URL`` is set): for production and several workers;
- ``memory``: the test suite's; tasks wait until a test runs them (`run_pending`).

Features never enqueue directly: they call `consult.core.outbox.enqueue_after_commit`, so a
job only starts once the rows it reads are committed, and a rolled-back request enqueues nothing.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeout
from sqlalchemy import event
from sqlalchemy.orm import Session

from consult.core import outbox
from consult.jobs import relay

log = logging.getLogger(__name__)

QUEUE_NAME = "consult"
QUEUE_UNREACHABLE = (RedisConnectionError, RedisTimeout, sqlite3.OperationalError, OSError)
QUEUE_RETRY_SECONDS = 5

class _Queue(Huey):
    """Huey whose storage is opened on first use: building the app touches no file or server."""

    _opened = None
    _open: Callable[[], Any] | None = None

    @property
    def storage(self):
        if self._opened is None and self._open is not None:
            self._opened = self._open()
        return self._opened

    @storage.setter
    def storage(self, value) -> None:
        self._opened = value

    def open_on_first_use(self, open_storage: Callable[[], Any]) -> None:
        self._open, self._opened = open_storage, None


queue = _Queue(QUEUE_NAME, results=False, storage_class=MemoryStorage)
_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Point the queue at the configured storage, opened when first used; tasks run inside
    this app's context."""
    global _app
    _app = app
    queue.open_on_first_use(lambda: _storage(app))
    from consult.jobs import failures

    failures.init_queue(queue)


def _backend(app: Flask) -> str:
    backend = app.config.get("JOBS_BACKEND")
    return backend or ("redis" if app.config.get("REDIS_URL") else "sqlite")


def _storage(app: Flask):
    backend = _backend(app)
    if backend == "memory":
        return MemoryStorage(QUEUE_NAME)
    if backend == "redis":
        return RedisStorage(QUEUE_NAME, url=app.config["REDIS_URL"])
    path = app.config.get("JOBS_SQLITE_PATH") or str(Path(app.instance_path) / "jobs.db")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(QUEUE_NAME, filename=path)


def backend_name() -> str:
    return _backend(_app) if _app is not None else "memory"


def app_context():
    """The context a job runs in (the app given to `init_app`)."""
    if _app is None:
        raise RuntimeError("consult.jobs.init_app() was not called")
    return _app.app_context()


def is_task(name: str) -> bool:
    """Whether a job of that name exists (a failed job may name one removed since)."""
    from consult.jobs.tasks import by_name

    return name in by_name()


@event.listens_for(Session, "after_commit")
def _enqueue_pending(session: Session) -> None:
    # SQLAlchemy also calls this when a SAVEPOINT is released: the jobs wait for the real commit.
    if session.get_nested_transaction() is not None:
        return
    if session.info.get(outbox.PENDING):
        relay.send_committed(session)


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        outbox.forget(session)


def run_pending(limit: int = 100) -> int:
    """Run queued tasks in this process, oldest first; returns how many ran."""
    ran = 0
    while ran < limit and (task := queue.dequeue()) is not None:
        queue.execute(task)
        ran += 1
    return ran


def run_worker(workers: int = 1) -> None:
    """Consume the queue until interrupted (SIGINT/SIGTERM finish the current task), and
    enqueue the periodic tasks when they are due."""
    from consult.jobs import tasks

    try:
        tasks.refresh_statistics.call_local()  # a database just loaded or migrated is read well
    except Exception as error:  # noqa: BLE001 - the database is down: the hourly run catches up
        log.warning("database statistics not refreshed: %s", type(error).__name__)
    stop = threading.Event()
    relaying = threading.Thread(target=relay.relay_forever, name="outbox-relay", daemon=True,
                                args=(app_context, tasks.by_name(), stop))
    relaying.start()
    try:
        _consumer(workers).run()
    finally:
        stop.set()


def _consumer(workers: int):
    """Huey's consumer, once the queue can be reached: a worker started while Redis is down
    waits for it (the relay meanwhile keeps the jobs in the outbox) instead of exiting."""
    while True:
        try:
            # periodic: the daily digests; flush_locks: a lock a killed worker held is freed.
            return queue.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                         flush_locks=True)
        except QUEUE_UNREACHABLE as error:
            log.warning("job queue unreachable (%s): trying again in %s s",
                        type(error).__name__, QUEUE_RETRY_SECONDS)
            time.sleep(QUEUE_RETRY_SECONDS)
