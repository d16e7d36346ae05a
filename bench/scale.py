"""How the pages that list or aggregate ideas hold up at 1,000, 10,000 and 100,000 ideas.

    python bench/scale.py                                   # SQLite and PostgreSQL, 1k and 10k
    python bench/scale.py --database sqlite --ideas 100000
    python bench/scale.py --database postgresql --postgresql-url \\
        postgresql://postgres@127.0.0.1:5432/consult_scale    # dropped and created again

For each database and number of ideas, in a process of its own: a fresh database, migrated
(`flask db upgrade`), filled by bench/scale_data.py (one analysed consultation with its ideas,
supports, flags, a finished clustering run, answers, a published action plan and the event log;
on PostgreSQL then ANALYZE, as autovacuum would have done), then every public, resident and
staff page that lists or aggregates ideas is requested through Flask's test client, in-process
(no server, no network): one warm-up, then the median of 5 requests, the SQL statements the
request sent (a `before_cursor_execute` listener on the engine), the size of the body and of
its gzip compression (level 6), and the status. A page whose warm-up takes more than 30 s is
measured by that one request alone. Staff sign in with their password and an authenticator
code, as they must. Prints a Markdown table per run.
"""

from __future__ import annotations

import argparse
import gzip
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: `bench` and `consult` from the repository
    sys.path.insert(0, str(ROOT))

REPEAT = 5
SLOW_SECONDS = 30
DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/consult_scale"
LOOKUP_TEXT = "Safer cycle lanes between the town centre and the schools, please"


@dataclass
class Page:
    name: str
    path: str
    who: str = "resident"  # the client that asks: resident, facilitator, official, monitor
    method: str = "GET"
    data: dict | None = None
    open_phase: bool = False  # asked while the consultation takes ideas


@dataclass
class Figure:
    page: Page
    status: int
    median_ms: float
    queries: int
    size: int
    gzipped: int
    once: bool = False


def pages(built) -> list[Page]:
    c, theme = built.consultation_id, built.largest_theme_id
    return [
        Page("consultation page", f"/consultations/{c}"),
        Page("ideas list", f"/consultations/{c}/ideas"),
        Page("ideas list, by support", f"/consultations/{c}/ideas?sort=supported"),
        Page("ideas list, searched", f"/consultations/{c}/ideas?q=traffic"),
        Page("idea page", f"/ideas/{built.idea_id}"),
        Page("themes overview", f"/consultations/{c}/themes"),
        Page("largest theme", f"/consultations/{c}/themes/{theme}"),
        Page("facilitator workbench", f"/facilitate/consultations/{c}/themes", "facilitator"),
        Page("facilitator, largest theme", f"/facilitate/themes/{theme}", "facilitator"),
        Page("moderation queue", "/facilitate/moderation", "facilitator"),
        Page("officials' queue", "/respond/", "official"),
        Page("officials, largest theme's answer", f"/respond/themes/{theme}", "official"),
        Page("you said, we did", f"/consultations/{c}/you-said-we-did"),
        Page("you said, we did: ideas", f"/consultations/{c}/you-said-we-did/ideas"),
        Page("you said, we did: a theme's answered ideas",
             f"/consultations/{c}/you-said-we-did/ideas?theme={theme}&answered=yes"),
        Page("plan page", f"/plans/{built.plan_id}"),
        Page("commitment page (provenance)", f"/commitments/{built.commitment_id}"),
        Page("commitment editor", f"/facilitate/commitments/{built.commitment_id}",
             "facilitator"),
        Page("open data, JSON", "/open-data.json"),
        Page("open data, submissions CSV", "/open-data/submissions.csv"),
        Page("event log (monitor)", "/monitor/events", "monitor"),
        Page("plan's record download", f"/plans/{built.plan_id}/record.jsonl"),
        Page("idea form", f"/consultations/{c}/ideas/new", open_phase=True),
        Page("idea sent", f"/consultations/{c}/ideas/new", method="POST",
             open_phase=True),
        Page("similar ideas lookup", f"/consultations/{c}/ideas/similar", method="POST",
             data={"text": LOOKUP_TEXT}, open_phase=True),
    ]


# --- one run: a database, a number of ideas ---------------------------------------------------

def make_app(database: str, url: str, folder: Path):
    from consult import create_app

    if database == "postgresql":
        from bench.reliability.stack import recreate_postgresql

        recreate_postgresql(url)
    else:
        url = f"sqlite:///{folder / 'consult.db'}"
    return create_app({
        "SQLALCHEMY_DATABASE_URI": url, "JOBS_BACKEND": "memory", "MAIL_BACKEND": "locmem",
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SUBMIT_MIN_SECONDS": 0,
        # Every page rendered, as for the first reader after a write: no page kept.
        "PAGE_CACHE_SECONDS": 0,
    })


class QueryCounter:
    """Counts the statements sent to the database (every connection of the engine)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1


def set_open(app, consultation_id: int, is_open: bool) -> None:
    """The form pages are asked while the consultation takes ideas; the others once it is
    being analysed, the phase in which themes and answers are public."""
    from datetime import timedelta

    from consult.core.base import utcnow
    from consult.extensions import db
    from consult.models import Consultation, Phase

    with app.app_context():
        item = db.session.get(Consultation, consultation_id)
        item.phase = Phase.OPEN if is_open else Phase.ANALYSIS
        item.closes_at = utcnow() + timedelta(days=(10 if is_open else -14))
        db.session.commit()


def wait_for_lookup_model(app, seconds: float = 180) -> None:
    """The lookup's model loads in the background on the first lookup: wait for it, so the
    figures are those of a warm process."""
    from consult.nlp import backends
    from consult.nlp.embed import SETTING
    from consult.themes.similar import lookup_embedder

    embedder = lookup_embedder(app.config.get(SETTING))
    deadline = time.monotonic() + seconds
    while not backends.ready(embedder) and time.monotonic() < deadline:
        time.sleep(0.5)


def timed(client, page: Page, counter: QueryCounter) -> tuple[float, int, int, bytes]:
    """(milliseconds, SQL statements, status, body) of one request, the body read whole. An
    idea is sent from a form just loaded, each time a new one: only the POST is measured."""
    data = page.data
    if page.method == "POST" and data is None:
        from bench.reliability.clients import form_fields

        data = {**form_fields(client.get(page.path).get_data(as_text=True)),
                "text": f"Longer opening hours for the swimming pool ({time.time_ns()})"}
    before = counter.count
    started = time.perf_counter()
    response = client.open(page.path, method=page.method, data=data)
    body = response.get_data()
    return (time.perf_counter() - started) * 1000, counter.count - before, \
        response.status_code, body


def measure(client, page: Page, counter: QueryCounter) -> Figure:
    warm_up = timed(client, page, counter)
    once = warm_up[0] > SLOW_SECONDS * 1000
    samples = [warm_up] if once else [timed(client, page, counter) for _ in range(REPEAT)]
    _, queries, status, body = samples[-1]
    return Figure(page, status, statistics.median(s[0] for s in samples), queries, len(body),
                  len(gzip.compress(body, 6)), once)


def run_one(database: str, count: int, url: str) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from bench.scale_data import PASSWORD, STAFF, build
    from bench.write_lock import _staff_signed_in
    from consult.database import refresh_statistics
    from consult.extensions import db
    from consult.nlp.embed import SETTING
    from consult.themes.similar import lookup_embedder

    folder = Path(tempfile.mkdtemp(prefix="consult-scale-"))
    app = make_app(database, url, folder)
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        model = lookup_embedder(app.config.get(SETTING)).name
        built, steps = build(db.session, count, model)
        if database == "postgresql":  # the statistics autovacuum keeps on a live database
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        refresh_statistics(db.session)  # SQLite's: what the worker does at start and hourly
        db.session.remove()
        counter = QueryCounter(db.engine)
    built_in = time.perf_counter() - started
    clients = {"resident": app.test_client()}
    for role, email in STAFF.items():
        clients[role] = _staff_signed_in(app, email, PASSWORD)
    figures = []
    for is_open in (False, True):
        set_open(app, built.consultation_id, is_open)
        for page in [p for p in pages(built) if p.open_phase is is_open]:
            if "similar" in page.path:  # starts loading the model, then waits for it
                timed(clients[page.who], page, counter)
                wait_for_lookup_model(app)
            figures.append(measure(clients[page.who], page, counter))
            print(f"  {page.name}: {figures[-1].median_ms:.0f} ms", file=sys.stderr, flush=True)
    print(report(database, built, steps, built_in, figures))


def report(database: str, built, steps: dict, built_in: float, figures: list[Figure]) -> str:
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database]
    counts = ", ".join(f"{key} {value:,}" for key, value in built.counts.items())
    laps = ", ".join(f"{key} {value:.1f} s" for key, value in steps.items())
    lines = [f"#### {name}, {built.ideas:,} ideas", "",
             f"Built in {built_in:.0f} s (migrations included): {laps}. Rows: {counts}.", "",
             "| page | who | status | median ms | SQL queries | KB | gzip KB |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for figure in figures:
        page = figure.page
        label = f"{page.name} ({page.method})" if page.method != "GET" else page.name
        mark = " (once: > 30 s)" if figure.once else ""
        status = f"**{figure.status}**" if figure.status >= 500 else str(figure.status)
        lines.append(f"| {label} | {page.who} | {status} | {figure.median_ms:,.0f}{mark} | "
                     f"{figure.queries:,} | {figure.size / 1024:,.1f} | "
                     f"{figure.gzipped / 1024:,.1f} |")
    return "\n".join(lines) + "\n"


# --- every run, each in a process of its own ---------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database", nargs="+", choices=("sqlite", "postgresql"),
                        default=["sqlite", "postgresql"])
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
            # Flask-Security, Talisman and the limiter keep per-app state: one app per process.
            subprocess.run([sys.executable, __file__, "--database", database, "--ideas",
                            str(count), "--postgresql-url", args.postgresql_url], check=False)


if __name__ == "__main__":
    main()
