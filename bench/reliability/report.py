"""The figures of a load run as Markdown, and their section of bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from importlib.metadata import version

import psycopg

from bench.reliability import stack
from bench.reliability.load import LoadResult

RESULTS = stack.ROOT / "bench" / "RESULTS.md"
HEADING = "## Reliability under load (`bench/reliability`)"
INTRO = """Figures of `python -m bench.reliability` (see bench/reliability/README.md): residents
sending the real idea form while others use the similar-ideas lookup, the no-JavaScript
preview and the consultation page, and a worker runs a clustering run and an assembly draw.
Targets: no 5xx, every acknowledged idea stored (acknowledged = stored, 0 lost), nothing
half-written. Each database's part is replaced by the next `--write` on it."""


def _ms(values: list[float], share: float) -> str:
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(len(ordered) * share))]:.0f} ms"


def scenario_table(result: LoadResult) -> str:
    lines = ["| scenario | requests | p50 | p95 | answers | connection errors |",
             "|---|---:|---:|---:|---|---:|"]
    for name, values in sorted(result.tally.latencies.items()):
        answers = sorted(((status, kind), n) for (scenario, status, kind), n
                         in result.tally.answers.items() if scenario == name)
        shown = ", ".join(f"{status}{f' ({kind})' if kind else ''}: {n}"
                          for (status, kind), n in answers)
        lines.append(f"| {name} | {len(values)} | {_ms(values, 0.5)} | {_ms(values, 0.95)} "
                     f"| {shown} | {result.tally.connection_errors.get(name, 0)} |")
    return "\n".join(lines)


def _refusals(result: LoadResult, low: int, high: int) -> str:
    found = result.by_status(low, high)
    return "; ".join(f"{scenario} {status} “{kind}”: {n}" for (scenario, status, kind), n
                     in sorted(found.items())) or "none"


def _connection_errors(result: LoadResult) -> str:
    found = result.tally.connection_kinds
    return "; ".join(f"{scenario} {kind}: {n}" for (scenario, kind), n
                     in sorted(found.items())) or "none"


def _job(check: dict, name: str) -> str:
    job = check.get(name)
    if not job:
        return "not found"
    detail = (f"{job['themes']} themes" if name == "run"
              else f"{job['seated']} of {job['seats']} seats from {job['pool']} volunteers")
    error = f", error: {job['error']}" if job.get("error") else ""
    return f"{job['status']} ({detail}{error}); written whole: {'yes' if job['whole'] else 'NO'}"


def figures_table(result: LoadResult) -> str:
    check, verdicts = result.check, result.verdicts()
    mark = {True: "pass", False: "**FAIL**"}
    rows = [
        ("ideas sent (POST)", result.tally.sent, ""),
        ("acknowledged (302 to /track/)", result.acknowledged, ""),
        ("stored (new rows in the database)", check["stored"],
         f"= acknowledged: {mark[verdicts['acknowledged = stored']]}"),
        ("acknowledged but not found (lost)", check["lost"], f"0: {mark[verdicts['0 lost']]}"),
        ("stored but not acknowledged", check["stored_not_acknowledged"], ""),
        ("5xx", result.server_errors, f"0: {mark[verdicts['no 5xx']]}"),
        ("ideas without their `submission.created` event / with several",
         f"{check['without_event']} / {check['several_events']}",
         f"0 / 0, chain intact ({check['chain_checked']} events): "
         f"{mark[verdicts['nothing half-written (one event per idea, chain intact)']]}"),
        ("new ideas embedded by the end", f"{check['embedded']} of {check['stored_marked']}", ""),
        ("clustering run", _job(check, "run"), ""),
        ("assembly draw", _job(check, "draw"),
         mark[verdicts["clustering run and draw finished or failed cleanly"]]),
    ]
    lines = ["| figure | value | target |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {target} |" for name, value, target in rows]
    return "\n".join(lines)


def _database_version(url: str) -> str:
    if not stack.is_postgresql(url):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=FULL), a file in /tmp"
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        return f"PostgreSQL {conn.info.server_version // 10000}.{conn.info.server_version % 100}"


def section(result: LoadResult, command: str, load: tuple[float, ...]) -> str:
    options = result.options
    name = "PostgreSQL" if stack.is_postgresql(options.database) else "SQLite"
    queue = "Redis (`--redis`)" if options.redis_url else "the SQLite file queue"
    database = _database_version(options.database)
    logged = "\n".join(f"    {line}" for line in result.logged) or "    nothing"
    return f"""### {name}

- Command (repository root): `{command}`
- Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {result.elapsed:.0f} s in all.
- Machine: {platform.platform()}, {os.cpu_count()} CPUs shared with other work (load
  average {', '.join(f'{x:.1f}' for x in load)} before the run), Python
  {platform.python_version()}; clients on the same machine.
- Served: gunicorn {version('gunicorn')}, gthread, {stack.GUNICORN_WORKERS} workers ×
  {stack.GUNICORN_THREADS} threads; {database}; job queue: {queue}; `consult worker
  --workers {stack.WORKER_THREADS}`. Rate limits on, submission and lookup limits
  “{stack.UNREACHABLE_LIMIT}” (every client is 127.0.0.1).
- Load: {options.submitters} submitters and {options.lookups} lookers for
  {options.seconds:.0f} s after a {options.warmup:.0f} s warm-up of the lookers alone; from
  the start of the window a clustering run of the analysed demo consultation and a draw of
  {options.seats} seats from {options.volunteers:,} volunteers (waited for up to
  {options.wait_jobs:.0f} s after the window).

{scenario_table(result)}

{figures_table(result)}

4xx: {_refusals(result, 400, 500)}.
5xx: {_refusals(result, 500, 600)}.
Connection errors: {_connection_errors(result)}.

Exceptions in the server and worker logs:

{logged}
"""


def write(result: LoadResult, text: str) -> None:
    """Replace this database's part of the reliability section (added when missing)."""
    key = "postgresql" if stack.is_postgresql(result.options.database) else "sqlite"
    begin, end = f"<!-- reliability:{key} -->", f"<!-- /reliability:{key} -->"
    block = f"{begin}\n{text.strip()}\n{end}"
    current = RESULTS.read_text(encoding="utf-8")
    if HEADING not in current:
        current = current.rstrip() + f"\n\n{HEADING}\n\n{INTRO}\n"
    if begin in current:
        current = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, current,
                         flags=re.S)
    else:  # at the end of this section, before the next one
        start = current.index(HEADING) + len(HEADING)
        following = current.find("\n## ", start)
        at = len(current.rstrip()) if following < 0 else following
        current = f"{current[:at].rstrip()}\n\n{block}\n{current[at:]}"
    RESULTS.write_text(current, encoding="utf-8")
