"""Engine tuning per database."""

from __future__ import annotations

import sqlite3
import time

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 5000
LONGEST_PAUSE = 0.002  # seconds between two tries for the write lock, at most


def configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL for concurrent readers, and real transactions (SAVEPOINT works)."""

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
    def _on_begin(connection) -> None:
        # Straight to the driver: BEGIN starts every request's transaction, and SQLAlchemy's
        # statement machinery would add its own cost to each one for nothing.
        driver_connection = connection.connection.driver_connection
        if _may_write():
            _begin_immediate(driver_connection)
        else:
            driver_connection.execute("BEGIN")


def _may_write() -> bool:
    """Whether this transaction belongs to a request that may write.

    A deferred transaction that reads, then writes, fails at once with "database is
    locked" when another process wrote meanwhile. Requests that may write take the
    write lock up front (waiting up to the busy timeout), so no submission is lost.
    """
    return has_request_context() and request.method not in SAFE_METHODS


def _begin_immediate(driver_connection: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, waiting for the write lock up to the busy timeout, in short pauses.

    SQLite's own wait sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries: a lock that another
    process holds for a few milliseconds would cost the waiter tens, and leave the database
    idle meanwhile.
    """
    driver_connection.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
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
