"""SQLite settings: requests that may write wait for the write lock, within the busy timeout."""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text

from consult import database


@pytest.fixture
def sqlite_file(app, db):
    """The test database's file, with the test's own session closed (SQLite only)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    db.session.remove()
    yield db.engine.url.database
    db.session.remove()


def hold_write_lock(path: str, seconds: float) -> threading.Thread:
    """Another process's writer: takes the write lock now, commits after `seconds`."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")

    def release() -> None:
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_sqlite_connections_use_wal_and_full_sync(app, sqlite_file, db):
    connection = db.session.connection()
    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: nothing lost


def test_a_post_waits_for_the_write_lock_and_gets_it_when_released(app, sqlite_file, db):
    holder = hold_write_lock(sqlite_file, 0.3)
    started = time.monotonic()
    with app.test_request_context("/", method="POST"):
        db.session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: waits for the other writer
        waited = time.monotonic() - started
        timeout = db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()
        db.session.rollback()
    holder.join()
    assert 0.25 < waited < 3
    assert timeout == database.BUSY_TIMEOUT_MS  # restored after the wait


def test_a_post_gives_up_after_the_busy_timeout(app, sqlite_file, db, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = hold_write_lock(sqlite_file, 1)
    started = time.monotonic()
    with app.test_request_context("/", method="POST"), pytest.raises(sqlite3.OperationalError,
                                                                     match="locked"):
        db.session.execute(text("SELECT 1"))
    gave_up_after = time.monotonic() - started
    holder.join()
    assert 0.15 < gave_up_after < 0.9


def test_a_get_reads_while_another_process_writes(app, sqlite_file, db):
    holder = hold_write_lock(sqlite_file, 1)
    started = time.monotonic()
    with app.test_request_context("/"):
        assert db.session.execute(text("SELECT 1")).scalar() == 1
        db.session.rollback()
    assert time.monotonic() - started < 0.5
    holder.join()
