"""Engine tuning per database, and SQLite's write lock taken only when something is written.

SQLite has one writer at a time. A transaction here starts deferred: it reads without any
lock, however long it computes. The write lock is taken at its first write statement, and
held until it commits, which keeps it to the writing itself. Work that computes (embedding,
language detection, hashing, rendering mail) runs before that statement or after the commit.

A deferred transaction cannot simply start writing: if another connection committed since
it began reading, SQLite refuses the write at once ("database is locked"), whatever the busy
timeout. So at its first write statement the read transaction is ended and a new one begins
with BEGIN IMMEDIATE, waiting for the lock in short pauses. Rows read before that statement
were read at the start of the request, as PostgreSQL's READ COMMITTED gives each statement
the latest committed rows: the code already holds on PostgreSQL, so it holds here.

Within one process, writers queue on a plain lock before they try for SQLite's: a waiting
thread then sleeps instead of polling, and the thread holding the database's lock is not
slowed by a crowd of its neighbours polling under the same GIL (measured under load: dozens
of threads polling made a 1 ms transaction last seconds).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# How long a writer waits for the lock before its request answers 503 (see web/errors.py).
BUSY_TIMEOUT_MS = 10_000
LONGEST_PAUSE = 0.002  # seconds between two tries for the write lock, at most
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP", "ALTER")
_WRITING = "consult_writing_since"  # connection info: when this transaction took the lock
_QUEUED = "consult_holds_process_writer"  # connection info: it holds _PROCESS_WRITER
_PROCESS_WRITER = threading.Lock()  # one writer of this process at a time tries for SQLite's
GENERATIONS = 2**31  # SQLite's user version is a signed 32-bit integer


def configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL for concurrent readers, and real transactions (SAVEPOINT works)."""

    @event.listens_for(engine, "do_connect")
    def _make_folder(_dialect, _record, cargs, _cparams) -> None:
        # The database file's folder is made by the first connection, not by building the app.
        name = cargs[0] if cargs else ""
        if name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # FULL (SQLite's default, kept): a receipt shown to a resident means the idea is on
        # disk, even through a power cut. NORMAL would be faster and could lose the last ideas.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Straight to the driver: SQLAlchemy's statement machinery would add its own cost.
        connection.info.pop(_WRITING, None)
        connection.connection.driver_connection.execute("BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(connection: Connection, _cursor, statement: str, *_args) -> None:
        if _WRITING not in connection.info and statement.lstrip()[:9].upper().startswith(_WRITES):
            take_write_lock(connection)

    @event.listens_for(engine, "commit")
    def _on_commit(connection: Connection) -> None:
        # Before the driver's COMMIT: the new generation is written with the rows it counts.
        if _WRITING in connection.info and not connection.invalidated:
            _next_generation(connection.connection.driver_connection)

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection: Connection) -> None:
        if connection.invalidated:  # released by the pool's "invalidate" event below
            return
        since = connection.info.pop(_WRITING, None)
        if since is not None:
            log.debug("write lock held %.1f ms", (time.perf_counter() - since) * 1000)
        _leave_queue(connection.info)

    # A connection returned to the pool, or dropped after an error, holds no transaction.
    @event.listens_for(engine, "checkin")
    @event.listens_for(engine, "invalidate")
    def _on_release(_dbapi_connection, record, *_args) -> None:
        record.info.pop(_WRITING, None)
        _leave_queue(record.info)


def _next_generation(driver_connection: sqlite3.Connection) -> None:
    # The writer holds the write lock: nobody else can read and set it in between.
    (generation,) = driver_connection.execute("PRAGMA user_version").fetchone()
    driver_connection.execute(f"PRAGMA user_version={(generation + 1) % GENERATIONS}")


def data_generation(session: Session) -> str:
    """A value that changes whenever a transaction that wrote anything commits, from any
    process: pages rendered under one generation show the data of that generation.

    - SQLite: the database header's user version (an integer SQLite leaves to applications),
      which every writing transaction of this engine raises before it commits (above), in the
      same transaction as its rows.
    - PostgreSQL: the current snapshot (xmin:xmax:transactions in progress). It changes when
      a transaction is given an id or ends, so two equal snapshots have seen the same
      commits; nothing is written to keep it.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return str(connection.connection.driver_connection.execute(
            "PRAGMA user_version").fetchone()[0])
    return connection.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar_one()


def _leave_queue(info: dict) -> None:
    if info.pop(_QUEUED, False):
        _PROCESS_WRITER.release()


def take_write_lock(connection: Connection) -> None:
    """End this connection's read transaction and start a writing one (BEGIN IMMEDIATE)."""
    driver_connection = connection.connection.driver_connection
    if driver_connection.in_transaction:
        driver_connection.execute("COMMIT")  # it only read: nothing to lose
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    if not _PROCESS_WRITER.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        busy = sqlite3.OperationalError("database is locked (by this process's writers)")
        raise OperationalError("BEGIN IMMEDIATE", None, busy)
    try:
        _begin_immediate(driver_connection, deadline)
    except sqlite3.OperationalError as error:  # as SQLAlchemy raises the driver's errors
        _PROCESS_WRITER.release()
        raise OperationalError("BEGIN IMMEDIATE", None, error) from error
    connection.info[_QUEUED] = True
    connection.info[_WRITING] = time.perf_counter()


def claim_write(session: Session) -> None:
    """Take the write lock now, before reading rows that the write depends on.

    The event log reads the chain's last hash and appends after it: that read must see the
    latest row, so it happens inside the writing transaction. PostgreSQL needs nothing here.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite" and _WRITING not in connection.info:
        take_write_lock(connection)


def _begin_immediate(driver_connection: sqlite3.Connection, deadline: float) -> None:
    """BEGIN IMMEDIATE, waiting for the write lock up to the busy timeout, in short pauses.

    SQLite's own wait sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries: a lock that another
    process holds for a few milliseconds would cost the waiter tens, and leave the database
    idle meanwhile.
    """
    driver_connection.execute("PRAGMA busy_timeout=0")
    try:
        pause = 0.0001
        while True:
            try:
                driver_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                busy = error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(2 * pause, LONGEST_PAUSE)
    finally:
        driver_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


STATISTICS_ROWS = 1000  # rows ANALYZE reads per index: enough for the planner, milliseconds


def refresh_statistics(session: Session) -> None:
    """Give SQLite's query planner fresh statistics (ANALYZE, sampled). Without them it may go
    through an organisation's every row (its index) where an idea's own index finds one: the
    officials' queue took 43 s at 10,000 ideas. PostgreSQL keeps its own (autovacuum)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text(f"PRAGMA analysis_limit={STATISTICS_ROWS}"))
    session.execute(text("ANALYZE"))
    session.commit()
