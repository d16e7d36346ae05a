"""Building the app opens no queue: the queue's storage is opened when a job first needs it."""

from __future__ import annotations

from flask import Flask
from huey.storage import SqliteStorage

from consult import jobs


def test_the_queue_file_is_created_on_first_use_not_when_the_app_is_built(app, tmp_path):
    path = tmp_path / "queue" / "jobs.db"
    bare = Flask(__name__)
    bare.config.update(JOBS_BACKEND="sqlite", JOBS_SQLITE_PATH=str(path))
    try:
        jobs.init_app(bare)
        assert not path.parent.exists()
        assert jobs.backend_name() == "sqlite"

        assert isinstance(jobs.queue.storage, SqliteStorage)
        assert path.exists()
    finally:
        jobs.init_app(app)


def test_each_app_gets_its_own_storage_when_it_is_set_up_again(app):
    first = jobs.queue.storage
    jobs.init_app(app)
    assert jobs.queue.storage is not first
    assert jobs.backend_name() == "memory"
