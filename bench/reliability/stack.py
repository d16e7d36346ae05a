"""What a reliability run serves: a database with the demo, gunicorn, and a `consult worker`.

Everything listens on 127.0.0.1 only. A PostgreSQL database named in `--database` is dropped
and created again: give the name of a database of your own (e.g. consult_bench).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# gthread: a thread per request in progress, keep-alive connections held by each worker's
# poller, not by a thread, so 220 open connections need no 220 threads. 2 workers per core
# (GIL), 8 threads each: up to 32 requests at once, the others wait in the accept queue.
GUNICORN_WORKERS = 4
GUNICORN_THREADS = 8
WORKER_THREADS = 3  # the clustering run, the draw and the embedding jobs at the same time
# Every client of the load comes from 127.0.0.1, as behind a reverse proxy without
# ProxyFix: the per-address limits are set beyond reach (the limiter still runs).
UNREACHABLE_LIMIT = "1000000 per minute"
DRAW_VOLUNTEERS, DRAW_SEATS = 1500, 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def consult_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("consult")), *args]


def helper_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bench.reliability.with_app", *args]


def is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


# --- databases --------------------------------------------------------------------------


def _admin_connection(url: str) -> psycopg.Connection:
    parsed = make_url(url).set(drivername="postgresql", database="postgres")
    return psycopg.connect(parsed.render_as_string(hide_password=False), autocommit=True)


def recreate_postgresql(url: str, template: str | None = None) -> None:
    """Drop the database of `url` and create it again, empty or as a copy of `template`."""
    name = make_url(url).database
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to recreate database {name!r}")
    with _admin_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        conn.execute(create)


def drop_postgresql(url: str) -> None:
    with _admin_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(make_url(url).database)))


def copy_database(source: str, target: str) -> None:
    """A copy of a prepared database (SQLite file, or PostgreSQL database as a template)."""
    if is_postgresql(source):
        recreate_postgresql(target, template=make_url(source).database)
        return
    with sqlite3.connect(make_url(source).database) as src, \
            sqlite3.connect(make_url(target).database) as dst:
        src.backup(dst)


# --- environment ------------------------------------------------------------------------


@dataclass
class Site:
    """The environment every process of one run shares, and where it keeps its files."""

    folder: Path
    database_url: str
    redis_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keep = {k: v for k, v in os.environ.items()
                if k not in ("REDIS_URL", "FLASK_APP", "DATABASE_URL")
                and not k.startswith(("TEST_", "CONSULT_", "PYTEST"))}
        self.env = {
            **keep, "CONSULT_ENV": "development", "DATABASE_URL": self.database_url,
            "SECRET_KEY": secrets.token_hex(16), "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "CONSULT_JOBS_PATH": str(self.folder / "jobs.db"), "MAIL_BACKEND": "dummy",
            "CONSULT_RATELIMIT_SUBMIT": UNREACHABLE_LIMIT,
            "CONSULT_RATELIMIT_SIMILAR": UNREACHABLE_LIMIT, **self.env,
        }
        if self.redis_url:
            self.env["REDIS_URL"] = self.redis_url

    def helper(self, *args: str, stdin: str | None = None, timeout: float = 120) -> dict:
        """Run a `with_app` command in the app's context; its JSON answer."""
        done = subprocess.run(helper_command(*args), env=self.env, cwd=ROOT, input=stdin,
                              capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"with_app {args[0]} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(site: Site, volunteers: int = DRAW_VOLUNTEERS, seats: int = DRAW_SEATS) -> dict:
    """Empty database -> migrated, demo loaded (without themes), an assembly pool to draw."""
    if is_postgresql(site.database_url):
        recreate_postgresql(site.database_url)
    for args in (("db", "upgrade"), ("demo", "--without-themes")):
        subprocess.run(consult_command(*args), env=site.env, cwd=ROOT, check=True,
                       capture_output=True, timeout=300)
    return site.helper("prepare", "--volunteers", str(volunteers), "--seats", str(seats))


# --- processes --------------------------------------------------------------------------


def wait_until_up(port: int, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{tail}")
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
        finally:
            conn.close()
    raise RuntimeError(f"gunicorn did not answer on port {port}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, seconds: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(site: Site, workers: int = GUNICORN_WORKERS, threads: int = GUNICORN_THREADS):
    """Serve Consult (bench/reliability/wsgi.py) on a free port; yield the port."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--worker-class", "gthread",
               "--workers", str(workers), "--threads", str(threads),
               "--bind", f"{HOST}:{port}", "--backlog", "512", "--timeout", "120",
               "--keep-alive", "30", "--log-level", "warning",
               "bench.reliability.wsgi:consult_app()"]
    log_path = site.folder / "gunicorn.log"
    with log_path.open("ab") as log:
        server = subprocess.Popen(command, env=site.env, cwd=ROOT, stdout=log, stderr=log)
    try:
        wait_until_up(port, server, log_path)
        yield port
    finally:
        stop(server)


@contextlib.contextmanager
def worker(site: Site, threads: int = WORKER_THREADS):
    """A real `consult worker` process; yield it (stopped with SIGTERM at the end)."""
    with (site.folder / "worker.log").open("ab") as log:
        process = subprocess.Popen(consult_command("worker", "--workers", str(threads)),
                                   env=site.env, cwd=ROOT, stdout=log, stderr=log)
    try:
        yield process
    finally:
        stop(process)
