"""Migrations run both ways on SQLite and PostgreSQL, and agree with the models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from consult.models import Base, compared

CONSULT = [sys.executable, "-m", "consult.cli"]


@pytest.fixture
def empty_database(tmp_path):
    """A URL to a new, empty database of the kind the suite runs on."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    server = make_url(url)
    name = f"{server.database}_migrations"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def consult_db(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "CONSULT_ENV": "development"}
    result = subprocess.run(
        [*CONSULT, "db", *args], env=env, capture_output=True, text=True,
        cwd=Path(__file__).parent.parent, timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_migrations_upgrade_downgrade_round_trip_and_match_models(empty_database):
    consult_db(empty_database, "upgrade")
    consult_db(empty_database, "downgrade", "base")
    engine = create_engine(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    consult_db(empty_database, "upgrade")
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True,
                                                         "include_object": compared}),
            Base.metadata
        )
    engine.dispose()
    assert differences == []


def test_postgresql_searches_ideas_through_the_index_the_migrations_make(empty_database):
    if not empty_database.startswith("postgresql"):
        pytest.skip("SQLite searches with LIKE; the index is PostgreSQL's")
    from sqlalchemy import func, select

    from consult.ideas.listing import searched
    from consult.models import Submission

    consult_db(empty_database, "upgrade")
    engine = create_engine(empty_database)
    search = select(Submission.id).where(
        searched().op("@@")(func.plainto_tsquery("simple", "park")))
    with engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        compiled = search.compile(engine)
        plan = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars().all()
    engine.dispose()
    assert any("ix_submission_search" in line for line in plan), plan
