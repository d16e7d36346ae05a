"""Load with background jobs: submitters and lookers against gunicorn, while a worker runs a
clustering run and an assembly draw; then what was acknowledged is checked against the
database.

    python -m bench.reliability --database sqlite --seconds 60
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import redis

from bench.reliability import stack
from bench.reliability.clients import Tally, run_clients

JOBS_POLL = 5  # seconds between two looks at the clustering run and the draw


@dataclass
class LoadOptions:
    database: str = "sqlite"  # or a PostgreSQL URL, dropped and created again
    seconds: float = 60
    submitters: int = 200
    lookups: int = 20
    redis_url: str | None = None  # job queue and rate-limit storage; the SQLite queue without
    volunteers: int = stack.DRAW_VOLUNTEERS
    seats: int = stack.DRAW_SEATS
    wait_jobs: float = 60  # after the window, how long to wait for the run and the draw
    warmup: float = 5  # lookers alone first: each gunicorn worker loads its models


@dataclass
class LoadResult:
    options: LoadOptions
    tally: Tally
    check: dict
    elapsed: float
    logged: list[str] = field(default_factory=list)

    @property
    def acknowledged(self) -> int:
        return len(self.tally.acknowledged)

    def by_status(self, low: int, high: int) -> Counter:
        return Counter({(scenario, status, kind): n for (scenario, status, kind), n
                        in self.tally.answers.items() if low <= status < high})

    @property
    def server_errors(self) -> int:
        return sum(self.by_status(500, 600).values())

    def verdicts(self) -> dict[str, bool]:
        check = self.check
        return {
            "no 5xx": self.server_errors == 0,
            "acknowledged = stored": self.acknowledged == check["stored"],
            "0 lost": check["lost"] == 0,
            "nothing half-written (one event per idea, chain intact)": (
                check["without_event"] == check["several_events"]
                == check["events_without_submission"] == 0 and check["chain_ok"]),
            "clustering run and draw finished or failed cleanly": (
                check.get("run", {}).get("whole", False)
                and check.get("draw", {}).get("whole", False)),
        }

    @property
    def passed(self) -> bool:
        return all(self.verdicts().values())


def _database_url(options: LoadOptions, folder: Path) -> str:
    if options.database == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}"
    return options.database


def logged_errors(*logs: Path) -> list[str]:
    """Each kind of exception a server or worker log holds, with how often it appears."""
    seen: Counter = Counter()
    for log in logs:
        text = log.read_text(errors="replace") if log.exists() else ""
        seen.update(re.findall(r"^(?:[\w.]+\.)?\w+(?:Error|Exception|Timeout): .{0,140}",
                               text, re.M))
    return [f"{n} × {line}" for line, n in seen.most_common(12)]


def wait_for_jobs(site: stack.Site, started: dict, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = site.helper("jobs", "--run", str(started["run"]), "--draw", str(started["draw"]))
        if all(job["status"] not in ("queued", "running") for job in state.values()):
            return
        time.sleep(JOBS_POLL)


def serve_and_load(site: stack.Site, options: LoadOptions,
                   marker: str) -> tuple[Tally, dict, dict]:
    """Worker and gunicorn up, the jobs started, the clients run; (tally, snapshot, jobs)."""
    snap = site.helper("snapshot")
    consultation = f"/consultations/{snap['consultation']}"
    paths = {"form": f"{consultation}/ideas/new", "similar": f"{consultation}/ideas/similar",
             "consultation": consultation}
    with stack.worker(site), stack.gunicorn(site) as port:
        if options.warmup:
            run_clients(port, paths, 0, max(options.lookups, 8), options.warmup, marker)
        started = site.helper("start")
        tally = run_clients(port, paths, options.submitters, options.lookups, options.seconds,
                            marker)
        wait_for_jobs(site, started, options.wait_jobs)
    return tally, snap, started


def run_load(options: LoadOptions, folder: Path | None = None) -> LoadResult:
    """One whole run on a fresh database; the figures and the checks."""
    with tempfile.TemporaryDirectory(prefix="consult-reliability-") as temporary:
        folder = folder or Path(temporary)
        if options.redis_url:
            redis.Redis.from_url(options.redis_url).flushdb()  # a database of our own
        site = stack.Site(folder, _database_url(options, folder), options.redis_url)
        stack.prepare(site, options.volunteers, options.seats)
        started_at, marker = time.monotonic(), f"rel-{int(time.time())}"
        tally, snap, started = serve_and_load(site, options, marker)
        elapsed = time.monotonic() - started_at
        claim = {"marker": marker, "acknowledged": tally.acknowledged,
                 "before": snap["submissions"], **started}
        check = site.helper("verify", stdin=json.dumps(claim) + "\n", timeout=300)
        logged = logged_errors(folder / "gunicorn.log", folder / "worker.log")
    return LoadResult(options, tally, check, elapsed, logged)
