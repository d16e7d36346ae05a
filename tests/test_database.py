"""SQLite's write lock: taken at a transaction's first write, waited for, never for reading."""

import sqlite3
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from consult import database
from consult.models import Organisation


@pytest.fixture
def sqlite_file(app, db):
    """The test database's file, with the test's own session closed (SQLite only)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    db.session.remove()
    yield db.engine.url.database
    db.session.remove()


class OtherWriter:
    """Another process's writer: holds the write lock until `release()`."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute(
            "INSERT INTO organisation (name, slug, default_locale, review_required, created_at)"
            " VALUES ('Other', 'other', 'en', 0, '2026-01-01 00:00:00.000000')"
        )
        self.committed = False

    def release(self) -> None:
        self.connection.execute("COMMIT")
        self.committed = True
        self.connection.close()


def organisation_names(db) -> set[str]:
    return set(db.session.scalars(text("SELECT name FROM organisation")))


def test_sqlite_connections_use_wal_and_full_sync(app, sqlite_file, db):
    connection = db.session.connection()
    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: nothing lost


def test_a_post_that_only_reads_never_takes_the_write_lock(app, sqlite_file, db):
    other = OtherWriter(sqlite_file)
    try:
        with app.test_request_context("/", method="POST"):
            assert db.session.execute(text("SELECT 1")).scalar() == 1
            assert organisation_names(db) == set()  # read while the other one writes
            db.session.rollback()
    finally:
        other.release()


def test_a_write_waits_for_the_lock_and_is_stored_after_the_other_writer(app, sqlite_file, db):
    other = OtherWriter(sqlite_file)
    timer = threading.Timer(0.3, other.release)
    timer.start()
    db.session.add(Organisation(name="Ours", slug="ours"))
    db.session.commit()  # waits for the other writer's commit
    timer.join()
    assert other.committed
    assert organisation_names(db) == {"Other", "Ours"}
    timeout = db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == database.BUSY_TIMEOUT_MS  # restored after the wait


def test_a_write_after_a_read_succeeds_when_another_writer_committed_between(app, sqlite_file,
                                                                             db):
    assert organisation_names(db) == set()  # a read transaction is open
    OtherWriter(sqlite_file).release()  # someone else writes meanwhile
    db.session.add(Organisation(name="Ours", slug="ours"))
    db.session.commit()  # a plain deferred transaction would fail here with "locked"
    assert organisation_names(db) == {"Other", "Ours"}


def test_a_write_gives_up_after_the_busy_timeout(app, sqlite_file, db, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    other = OtherWriter(sqlite_file)
    try:
        db.session.add(Organisation(name="Ours", slug="ours"))
        with pytest.raises(OperationalError, match="locked"):
            db.session.flush()
        db.session.rollback()
    finally:
        other.release()
    assert organisation_names(db) == {"Other"}


def test_writers_of_one_process_take_turns_and_all_store(app, sqlite_file, db):
    errors, engine = [], db.engine

    def write(number: int) -> None:
        try:
            with engine.begin() as connection:
                connection.execute(Organisation.__table__.insert().values(
                    name=f"City {number}", slug=f"city-{number}", default_locale="en",
                    review_required=False))
        except OperationalError as error:  # pragma: no cover - what the test looks for
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert organisation_names(db) == {f"City {n}" for n in range(12)}


def test_a_connection_dropped_while_writing_lets_the_next_writer_in(app, sqlite_file, db,
                                                                    monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    dropped = db.engine.connect()
    dropped.begin()
    dropped.execute(text("INSERT INTO organisation (name, slug, default_locale, "
                         "review_required, created_at) VALUES ('Lost', 'lost', 'en', 0, "
                         "'2026-01-01 00:00:00')"))
    dropped.invalidate()  # the database connection is gone with its transaction
    dropped.rollback()
    dropped.close()
    db.session.add(Organisation(name="Ours", slug="ours"))
    db.session.commit()  # would wait, then fail, if the dropped writer still held its place
    assert organisation_names(db) == {"Ours"}
