"""The whole clustering run through the worker, at 10,000 and 100,000 ideas.

    python bench/clustering_run.py                        # SQLite, 10,000 ideas
    python bench/clustering_run.py --ideas 100000
    python bench/clustering_run.py --database postgresql --postgresql-url \\
        postgresql://postgres@127.0.0.1:5432/consult_clustering_run   # dropped and created again

For each database and number of ideas, in a process of its own: a fresh database, migrated,
with one consultation of N ideas built by bench/scale_data.py (its ideas and their supports
only: no themes and no cached vectors, so the first run is cold). A real `consult worker`
runs in a child process (bench/reliability/stack.py), with the model the settings choose
(`CONSULT_EMBEDDING_MODEL` unset: `auto`). The run is requested through
`consult.themes.clustering.request_run`, as the facilitators' "re-run" button does, and the
outbox sends it to the worker's queue on commit. While it runs, its stage is read every
0.05 s: the time of each stage (reading, embedding, clustering, labelling, saving) is from
its first sighting to the next stage's (reading from the run's own `started_at`); the total
is the run's `started_at` to `finished_at`. Peak memory is the worker's VmHWM (/proc), reset
(clear_refs) before each run, and its CPU seconds are read from /proc too; CPU pressure is
the share of the run's time in which some task of the machine waited for a core
(/proc/pressure/cpu: the cores are shared). Texts embedded are the rows the run added to the
embedding cache, per model. Then 1 % more ideas are added (bulk, as an import would) and a
second run is measured the same way in the same worker. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import platform
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: `bench` and `consult` from the repository
    sys.path.insert(0, str(ROOT))

DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/consult_clustering_run"
POLL_SECONDS = 0.05
STAGES = ("reading", "embedding", "clustering", "labelling", "saving")
MORE_IDEAS = 0.01  # the re-run's share of new ideas
SEED = 2026


@dataclass
class Figures:
    """One run as the bench saw it."""

    ideas: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    waited: float = 0.0
    peak_mb: float = 0.0
    cpu: float = 0.0
    pressure: float = 0.0
    themes: int = 0
    unsorted: int = 0
    memberships: int = 0
    embedded: dict[str, int] = field(default_factory=dict)
    model: str = ""


# --- the database ---------------------------------------------------------------------------

def make_app(url: str, jobs_path: Path):
    from consult import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "JOBS_BACKEND": "sqlite",
                       "JOBS_SQLITE_PATH": str(jobs_path), "MAIL_BACKEND": "locmem"})


def build(session, count: int) -> dict:
    """The organisation, its staff and one consultation of `count` ideas, committed."""
    from bench.scale_data import comments, consultation, ideas, organisation_and_staff

    organisation, staff = organisation_and_staff(session)
    item = consultation(session, organisation)
    ideas(session, item, count, comments(), random.Random(SEED))
    session.commit()
    return {"organisation": organisation.id, "consultation": item.id,
            "facilitator": staff["facilitator"].id}


def add_ideas(session, ids: dict, count: int, first: int) -> None:
    """`count` more ideas (texts no earlier idea has), inserted in bulk as an import does."""
    from bench.scale_data import comments, ideas
    from consult.models import Consultation

    item = session.get(Consultation, ids["consultation"])
    ideas(session, item, count, comments(), random.Random(SEED + 1), first=first)
    session.commit()


# --- the worker and one run -----------------------------------------------------------------

def reset_peak(pid: int) -> None:
    """Forget the process's peak resident memory so far (Linux: clear_refs 5)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_and_cpu(pid: int) -> tuple[float, float]:
    """(VmHWM in MB, user + system CPU seconds) of a running process."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return peak, ticks / 100


def cpu_stalled() -> float:
    """Seconds that runnable tasks of this machine waited for a CPU (/proc/pressure/cpu):
    the cores are shared, and this says how much the figures suffered from it."""
    line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    return int(line.rsplit("total=", 1)[1]) / 1e6


def vectors_by_model(connection) -> dict[str, int]:
    from sqlalchemy import text

    return dict(connection.execute(text(
        "SELECT model, count(*) FROM embedding GROUP BY model")).all())


def run_once(app, ids: dict, worker) -> Figures:
    """Request a run as a facilitator does, let the worker do it, and watch it."""
    from sqlalchemy import func, select

    from consult.core.tenancy import use_organisation
    from consult.extensions import db
    from consult.models import ClusteringRun, Consultation, ThemeMembership, User
    from consult.themes import clustering

    reset_peak(worker.pid)
    _, cpu_before = peak_and_cpu(worker.pid)
    stalled_before = cpu_stalled()
    with app.app_context():
        with db.engine.connect() as connection:
            before = vectors_by_model(connection)
        use_organisation(db.session, ids["organisation"])
        run = clustering.request_run(db.session, db.session.get(User, ids["facilitator"]),
                                     db.session.get(Consultation, ids["consultation"]), None)
        db.session.commit()  # the outbox sends the job to the worker's queue
        run_id = run.id
        db.session.remove()
        seen = watch(db.engine, run_id, worker)
        peak, cpu_after = peak_and_cpu(worker.pid)
        stalled = cpu_stalled() - stalled_before
        use_organisation(db.session, ids["organisation"])
        run = db.session.get(ClusteringRun, run_id)
        if run.error:
            raise RuntimeError(f"the run failed: {run.error}")
        with db.engine.connect() as connection:
            after = vectors_by_model(connection)
        memberships = db.session.scalar(select(func.count(ThemeMembership.id))
                                        .where(ThemeMembership.run_id == run_id))
        total = (run.finished_at - run.started_at).total_seconds()
        figures = Figures(
            ideas=run.ideas_in, stages=stage_seconds(seen, run.started_at, run.finished_at),
            model=run.model, total=total, pressure=100 * stalled / max(total, 1e-9),
            waited=(run.started_at - run.created_at).total_seconds(), peak_mb=peak,
            cpu=cpu_after - cpu_before, themes=run.themes_out, unsorted=run.unsorted_out,
            memberships=memberships,
            embedded={model: count - before.get(model, 0) for model, count in after.items()
                      if count != before.get(model, 0)})
        db.session.remove()
    return figures


def watch(engine, run_id: int, worker) -> list[tuple[str, datetime]]:
    """(stage, when first seen) until the run ends; raises if the worker exits."""
    from sqlalchemy import text

    seen: list[tuple[str, datetime]] = []
    while True:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited with {worker.returncode}")
        with engine.connect() as connection:
            stage, status = connection.execute(text(
                "SELECT stage, status FROM clustering_run WHERE id = :id"), {"id": run_id}).one()
        if not seen or seen[-1][0] != stage:
            seen.append((stage, datetime.now(UTC)))
            print(f"    {seen[-1][1]:%H:%M:%S} {stage}", file=sys.stderr, flush=True)
        if status in ("succeeded", "failed"):
            return seen
        time.sleep(POLL_SECONDS)


def stage_seconds(seen: list[tuple[str, datetime]], started: datetime,
                  finished: datetime) -> dict[str, float]:
    """Seconds per stage: from its first sighting to the next one's; the run's own clock for
    when reading began and when saving ended."""
    seen = [(stage, when) for stage, when in seen if stage in STAGES]
    if seen and seen[0][0] == "reading":
        seen[0] = ("reading", started.replace(tzinfo=UTC))
    ends = [when for _, when in seen[1:]] + [finished.replace(tzinfo=UTC)]
    return {stage: (end - when).total_seconds()
            for (stage, when), end in zip(seen, ends, strict=True)}


# --- one database, one size -----------------------------------------------------------------

def run_one(database: str, count: int, url: str) -> None:
    from flask_migrate import upgrade

    from bench.reliability import stack
    from consult.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="consult-clustering-run-"))
    if database == "postgresql":
        stack.recreate_postgresql(url)
    else:
        url = f"sqlite:///{folder / 'consult.db'}"
    app = make_app(url, folder / "jobs.db")
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        ids = build(db.session, count)
        db.session.remove()
    built = time.perf_counter() - started
    site = stack.Site(folder, url)
    with stack.worker(site, threads=1) as worker:
        first = run_once(app, ids, worker)
        with app.app_context():
            add_ideas(db.session, ids, round(count * MORE_IDEAS), count)
            db.session.remove()
        second = run_once(app, ids, worker)
    print(report(database, count, built, first, second))


def report(database: str, count: int, built: float, first: Figures, second: Figures) -> str:
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database]
    lines = [f"#### {name}, {count:,} ideas ({first.model})", "",
             f"Database built in {built:.0f} s. Worker log and database in the temporary "
             "folder.", "",
             "| run | ideas grouped | " + " | ".join(f"{stage} s" for stage in STAGES)
             + " | total s | queue wait s | worker CPU s | CPU pressure % | peak RSS MB | themes "
             "| unsorted | memberships | texts embedded |",
             "|---|" + "---:|" * (len(STAGES) + 9) + "---|"]
    for label, figures in (("first (cold cache)", first), ("re-run, +1 % ideas", second)):
        stages = " | ".join(f"{figures.stages.get(stage, 0):.1f}" for stage in STAGES)
        embedded = ", ".join(f"{model.split('@')[0].split('/')[-1]} {number:,}"
                             for model, number in figures.embedded.items()) or "0"
        lines.append(f"| {label} | {figures.ideas:,} | {stages} | {figures.total:.1f} | "
                     f"{figures.waited:.1f} | {figures.cpu:.0f} | {figures.pressure:.0f} | "
                     f"{figures.peak_mb:,.0f} | "
                     f"{figures.themes} | {figures.unsorted:,} | {figures.memberships:,} | "
                     f"{embedded} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, nargs="+", default=[10000])
    parser.add_argument("--database", nargs="+", choices=("sqlite", "postgresql"),
                        default=["sqlite"])
    parser.add_argument("--postgresql-url", default=DEFAULT_POSTGRESQL,
                        help="a database of your own: it is dropped and created again")
    args = parser.parse_args()
    if len(args.ideas) == 1 and len(args.database) == 1:
        run_one(args.database[0], args.ideas[0], args.postgresql_url)
        return
    print(f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.platform()}, "
          f"Python {platform.python_version()}.\n")
    for database in args.database:
        for count in args.ideas:
            # Flask-Security and the limiter keep per-app state: one app per process.
            subprocess.run([sys.executable, __file__, "--database", database, "--ideas",
                            str(count), "--postgresql-url", args.postgresql_url], check=False)


if __name__ == "__main__":
    main()
