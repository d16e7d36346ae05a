"""Peak memory and time of the open-data exports at 1,000, 10,000 and 100,000 ideas.

    python bench/export_memory.py                                  # SQLite: 1k, 10k, 100k
    python bench/export_memory.py --database postgresql --ideas 1000 10000 \\
        --postgresql-url postgresql://postgres@127.0.0.1:5432/consult_export   # dropped first
    python bench/export_memory.py --before /tmp/export-before      # and another checkout's

For each database and number of ideas: a fresh database built as bench/scale.py builds its
own (migrated, filled by bench/scale_data.py's `build`, the planner's statistics refreshed), in
a process of its own. Then each export runs in a child process of its own, whose peak resident
memory (ru_maxrss, from wait4 on that child alone) and wall time (process start included) are
recorded:

- baseline: the app started and one small page asked (`/open-data/`, the list of tables),
  through Flask's test client: the interpreter, Consult and one request;
- `consult export --format json OUT` and `consult export --format csv OUT`;
- `GET /open-data.json` and `GET /open-data/submissions.csv` through Flask's test client, the
  body read chunk by chunk and dropped, as a server writing it to a socket would.

With `--before PATH`, the same children run the code of the checkout at PATH (its `consult`
package first on PYTHONPATH), on the same database, and the table gives both. Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # after PYTHONPATH: a child measuring --before imports its code
    sys.path.append(str(ROOT))

DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/consult_export"
EXPORTS = ("baseline", "consult export --format json", "consult export --format csv",
           "GET /open-data.json", "GET /open-data/submissions.csv")


# --- in a child: build a database, or ask one page ---------------------------------------------

def build_database(database: str, count: int, url: str, folder: Path) -> None:
    """A migrated database filled with `count` ideas by bench/scale_data.py."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from bench.scale import make_app
    from bench.scale_data import build
    from consult.database import refresh_statistics
    from consult.extensions import db
    from consult.nlp.embed import SETTING
    from consult.themes.similar import lookup_embedder

    app = make_app(database, url, folder)
    with app.app_context():
        upgrade()
        built, _ = build(db.session, count, lookup_embedder(app.config.get(SETTING)).name)
        if database == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        refresh_statistics(db.session)
    print(json.dumps(built.counts))


def request(path: str) -> None:
    """GET `path` of the app the environment configures; print the bytes of its body."""
    import consult
    from consult import create_app

    app = create_app({"RATELIMIT_ENABLED": False})
    response = app.test_client().get(path, buffered=False)
    size = sum(len(chunk) for chunk in response.iter_encoded())
    response.close()
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    print(json.dumps({"bytes": size, "consult": consult.__file__}))


# --- the parent: children measured one by one --------------------------------------------------

def measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(peak RSS in MB, wall seconds, stdout) of `command` run alone in a child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        stdout = out.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {child.returncode}")
    return usage.ru_maxrss / 1024, seconds, stdout  # ru_maxrss is in KiB on Linux


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(item.stat().st_size for item in path.iterdir())
    return path.stat().st_size


def run_exports(site, folder: Path, code: Path) -> dict[str, tuple[float, float, int]]:
    """Each export of EXPORTS with the `consult` package of `code`: (MB, s, output bytes)."""
    from bench.reliability.stack import consult_command

    env = {**site.env, "PYTHONPATH": str(code)}
    figures = {}
    for name in EXPORTS:
        if name.startswith("consult export"):
            fmt = name.rsplit(" ", 1)[1]
            out = folder / f"export-{code.name}.{fmt}"
            rss, seconds, _ = measured(consult_command("export", "--format", fmt, str(out)), env)
            figures[name] = (rss, seconds, size_of(out))
            continue
        path = "/open-data/" if name == "baseline" else name.split(" ", 1)[1]
        rss, seconds, stdout = measured(
            [sys.executable, __file__, "--request", path], env)
        answer = json.loads(stdout.strip().splitlines()[-1])
        if not answer["consult"].startswith(str(code)):
            raise SystemExit(f"the child imported {answer['consult']}, not {code}'s code")
        figures[name] = (rss, seconds, answer["bytes"])
    return figures


def run_one(database: str, count: int, url: str, before: Path | None) -> list[str]:
    from bench.reliability.stack import Site

    folder = Path(tempfile.mkdtemp(prefix="consult-export-"))
    if database == "sqlite":
        url = f"sqlite:///{folder / 'consult.db'}"
    started = time.perf_counter()
    built = subprocess.run([sys.executable, __file__, "--build", "--database", database,
                            "--ideas", str(count), "--postgresql-url", url, "--folder",
                            str(folder)], cwd=ROOT, capture_output=True, text=True, check=False)
    if built.returncode != 0:
        raise SystemExit(f"building the database failed:\n{built.stderr[-3000:]}")
    print(f"  {database}, {count:,} ideas: built in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)
    site = Site(folder, url)
    try:
        now = run_exports(site, folder, ROOT)
        then = run_exports(site, folder, before) if before else None
    finally:
        shutil.rmtree(folder)  # the database and the exports: 0.6 GB at 100,000 ideas
    rows = []
    for name in EXPORTS:
        rss, seconds, size = now[name]
        cells = [f"{count:,}", name]
        if then:
            cells += [f"{then[name][0]:,.0f}", f"{then[name][1]:,.1f}",
                      f"{then[name][2] / 1024 / 1024:,.2f}"]
        cells += [f"{rss:,.0f}", f"{seconds:,.1f}", f"{size / 1024 / 1024:,.2f}"]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def report(database: str, rows: list[str], before: Path | None) -> str:
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database]
    if before:
        head = ("| ideas | export | before: peak RSS MB | before: s | before: output MB | "
                "peak RSS MB | s | output MB |\n|---:|---|---:|---:|---:|---:|---:|---:|")
    else:
        head = "| ideas | export | peak RSS MB | s | output MB |\n|---:|---|---:|---:|---:|"
    return "\n".join([f"#### {name}", "", head, *rows]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgresql-url", default=DEFAULT_POSTGRESQL,
                        help="a database of your own: it is dropped and created again")
    parser.add_argument("--before", type=Path,
                        help="a checkout whose exports are measured too, e.g. a git worktree")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--request", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.request:
        request(args.request)
        return
    if args.build:
        build_database(args.database, args.ideas[0], args.postgresql_url, args.folder)
        return
    print(f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.platform()}, "
          f"Python {platform.python_version()}.\n")
    rows = [row for count in args.ideas
            for row in run_one(args.database, count, args.postgresql_url, args.before)]
    print(report(args.database, rows, args.before))


if __name__ == "__main__":
    main()
