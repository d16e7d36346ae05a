"""A real `consult worker` process on the embedded SQLite queue and on Redis: a full run,
a re-run after new ideas, and a run whose worker is killed half-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import select

from consult import jobs
from consult.models import ClusteringRun, RunStatus, Theme
from consult.themes import clustering, curation
from consult.themes.state import current_memberships, current_run, live_themes

PROJECT = Path(__file__).resolve().parents[2]
BACKENDS = ["sqlite", pytest.param("redis", marks=pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set"))]
WAIT_SECONDS = 180


@pytest.fixture(params=BACKENDS)
def queue(request, tmp_path, app, db):
    """Point this process's queue at a real storage, and yield the worker's environment."""
    env = {**os.environ, "CONSULT_ENV": "testing", "CONSULT_EMBEDDING_MODEL": "use",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CONSULT_JOBS_BACKEND": request.param, "PYTHONUNBUFFERED": "1"}
    if request.param == "redis":
        env["REDIS_URL"] = os.environ["TEST_REDIS_URL"]
        storage = RedisStorage(jobs.QUEUE_NAME, url=env["REDIS_URL"])
    else:
        env["CONSULT_JOBS_PATH"] = str(tmp_path / "jobs.db")
        storage = SqliteStorage(jobs.QUEUE_NAME, filename=env["CONSULT_JOBS_PATH"])
    previous, jobs.queue.storage = jobs.queue.storage, storage
    jobs.queue.flush()
    yield env
    jobs.queue.flush()
    jobs.queue.storage = previous


class Worker:
    def __init__(self, env: dict, log: Path) -> None:
        self.log = log
        self.output = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "consult.cli", "worker"], cwd=PROJECT, env=env,
            stdout=self.output, stderr=subprocess.STDOUT)

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.output.close()


@pytest.fixture
def start_worker(queue, tmp_path):
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(queue, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop(signal.SIGKILL)


def wait_for(db, run_id: int, done, worker: Worker) -> ClusteringRun:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        db.session.rollback()  # a fresh snapshot
        run = db.session.get(ClusteringRun, run_id, populate_existing=True)
        if done(run):
            return run
        assert worker.process.poll() is None, worker.log.read_text()
        time.sleep(0.1)
    pytest.fail(f"run {run_id} did not get there in time:\n{worker.log.read_text()}")


def request(db, user, consultation, themes=None) -> int:
    run = clustering.request_run(db.session, user, consultation, themes)
    db.session.commit()  # the job is enqueued now, to the real queue
    return run.id


def test_a_worker_runs_and_reruns_a_clustering(db, themed_consultation, create_user,
                                               create_submission, start_worker):
    facilitator = create_user("facilitator")
    worker = start_worker()
    first = wait_for(db, request(db, facilitator, themed_consultation, 3),
                     lambda run: not run.in_progress, worker)
    assert first.status is RunStatus.SUCCEEDED, first.error
    assert first.current and first.themes_out == 3

    theme = live_themes(db.session, themed_consultation.id)[0]
    curation.rename(db.session, facilitator, themed_consultation, first.id, theme.id, "Named")
    db.session.commit()
    for text in ("Safer bike lanes near the school", "Mend the potholes on Station Road"):
        create_submission(themed_consultation, text)
    second = wait_for(db, request(db, facilitator, themed_consultation, 3),
                      lambda run: not run.in_progress, worker)
    assert second.status is RunStatus.SUCCEEDED, second.error
    assert second.changes["new_ideas_placed"] == 2
    assert db.session.get(Theme, theme.id).label == "Named"
    assert len(current_memberships(db.session, themed_consultation.id)) == 26


def test_killing_the_worker_mid_run_leaves_the_previous_themes(db, themed_consultation,
                                                               create_user, create_submission,
                                                               start_worker, app, monkeypatch):
    facilitator = create_user("facilitator")
    worker = start_worker()
    first = wait_for(db, request(db, facilitator, themed_consultation, 3),
                     lambda run: not run.in_progress, worker)
    theme = live_themes(db.session, themed_consultation.id)[0]
    curation.rename(db.session, facilitator, themed_consultation, first.id, theme.id, "Kept")
    db.session.commit()
    before = current_memberships(db.session, themed_consultation.id)
    # Enough new ideas that embedding them takes several batches.
    for number in range(700):
        create_submission(themed_consultation, f"Idea number {number}: more {number % 7} "
                          f"buses to district {number % 13} after {number % 5} pm")

    killed = request(db, facilitator, themed_consultation)
    wait_for(db, killed, lambda run: run.stage == "embedding" and run.done < run.total, worker)
    worker.stop(signal.SIGKILL)

    db.session.rollback()
    assert db.session.get(ClusteringRun, killed, populate_existing=True).status is (
        RunStatus.RUNNING)
    assert current_run(db.session, themed_consultation.id).id == first.id
    assert current_memberships(db.session, themed_consultation.id) == before
    assert db.session.get(Theme, theme.id, populate_existing=True).label == "Kept"

    # Once silent for long enough the run counts as failed, and a new one can start.
    monkeypatch.setitem(app.config, "CLUSTERING_STALE_SECONDS", 0)
    replacement = request(db, facilitator, themed_consultation)
    assert db.session.get(ClusteringRun, killed).status is RunStatus.FAILED
    done = wait_for(db, replacement, lambda run: not run.in_progress, start_worker())
    assert done.status is RunStatus.SUCCEEDED and done.ideas_in == 724
    assert db.session.get(Theme, theme.id).label == "Kept"
    assert db.session.scalar(select(ClusteringRun.current).where(
        ClusteringRun.id == first.id)) is False
