"""The reliability runs of bench/reliability, short: real gunicorn and worker processes.

On SQLite by default; on PostgreSQL when TEST_DATABASE_URL names a server (in a database of
its own, `consult_reliability`, dropped and created again). The figures of the full runs are
in bench/RESULTS.md; these check the same targets on a few seconds of load.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy.engine import make_url

from bench.reliability import faults
from bench.reliability.load import LoadOptions, run_load


def _database() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return "sqlite"
    if not url.startswith("postgresql"):
        pytest.skip("the reliability runs know SQLite and PostgreSQL")
    return make_url(url).set(database="consult_reliability").render_as_string(
        hide_password=False)


def test_short_load_during_a_clustering_run_and_a_draw_loses_no_idea(tmp_path):
    result = run_load(LoadOptions(database=_database(), seconds=8, submitters=12, lookups=4,
                                  volunteers=200, seats=20, wait_jobs=120, warmup=3),
                      folder=tmp_path)
    assert result.tally.sent > 0 and result.acknowledged > 0
    assert result.verdicts() == dict.fromkeys(result.verdicts(), True), (
        result.check, result.logged, result.by_status(400, 600))


def test_the_database_going_away_loses_no_idea_and_answers_translated_503s(tmp_path):
    verdict = faults.database_down(tmp_path, _database())
    assert verdict.passed, verdict.text()


def test_ideas_sent_while_redis_is_down_are_stored_and_their_jobs_run_once_it_is_back(tmp_path):
    if not os.environ.get("TEST_REDIS_URL"):
        pytest.skip("TEST_REDIS_URL is not set")
    verdict = faults.redis_down(tmp_path, _database())
    assert verdict.passed, verdict.text()
