"""Fault scenarios, each with a pass/fail verdict: the database gone while serving, Redis gone
while ideas arrive.

    python -m bench.reliability.faults --database sqlite
    python -m bench.reliability.faults --database postgresql://postgres@127.0.0.1:5432/consult_bench

A worker killed mid-run, the mail server down and a worker killed while sending digests are
covered by the test suite (see bench/reliability/README.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from sqlalchemy.engine import make_url

from bench.loadgen import Client, Reply
from bench.reliability import outages, stack
from bench.reliability.clients import FORM_TYPE, IDEA, WERKZEUG, form_fields
from bench.reliability.proxy import Proxy

POSTGRES_PORT, REDIS_PORT = 5432, 6379
LANGUAGE = "es"
RECOVERY_SECONDS = 60


@dataclass
class Verdict:
    scenario: str
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, what: str, ok: bool, detail: object = "") -> bool:
        self.checks.append((what, bool(ok), str(detail)[:300]))
        return bool(ok)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(ok for _, ok, _ in self.checks)

    def text(self) -> str:
        lines = [f"{'PASS' if self.passed else 'FAIL'}: {self.scenario}"]
        lines += [f"  {'ok  ' if ok else 'FAIL'} {what}{f' ({detail})' if detail else ''}"
                  for what, ok, detail in self.checks]
        return "\n".join(lines)


def resident(port: int) -> Client:
    return Client(port, **{"Accept-Language": LANGUAGE})


def clean_error(verdict: Verdict, name: str, reply: Reply, statuses: tuple[int, ...]) -> None:
    """A page answered one of `statuses`; a 503 is translated, says when to retry, no traceback."""
    text = reply.text()
    verdict.check(f"{name}: status in {statuses}", reply.status in statuses, reply.status)
    if reply.status == 503:
        verdict.check(f"{name}: Retry-After", reply.headers.get("Retry-After"),
                      reply.headers.get("Retry-After"))
    verdict.check(f"{name}: no Werkzeug error page",
                  WERKZEUG not in text and "Internal Server Error" not in text)
    verdict.check(f'{name}: lang="{LANGUAGE}"', f'lang="{LANGUAGE}"' in text[:400],
                  text[:120].replace("\n", " "))


def with_proxied_database(url: str, proxy: Proxy) -> str:
    return make_url(url).set(host=stack.HOST, port=proxy.port).render_as_string(
        hide_password=False)


def database_down(folder: Path, database: str) -> Verdict:
    """The database stops answering while Consult serves; then it comes back."""
    postgres = stack.is_postgresql(database)
    verdict = Verdict(f"database {'unreachable (proxy stopped)' if postgres else 'locked'}"
                      f" while serving ({'PostgreSQL' if postgres else 'SQLite'})")
    proxy = Proxy(POSTGRES_PORT).start() if postgres else None
    url = (with_proxied_database(database, proxy) if postgres
           else f"sqlite:///{folder / 'bench.db'}")
    site = stack.Site(folder, url)
    try:
        stack.prepare(site, volunteers=60, seats=10)
        snap = {**site.helper("snapshot"), "marker": f"rel-{int(time.time())}-down"}
        with stack.gunicorn(site, workers=2, threads=4) as port:
            outage = outages.Outage(proxy) if postgres else outages.Lock(site)
            _serve_through_outage(verdict, port, snap, outage, strict=postgres)
        _check_stored_once(verdict, site, snap)
    finally:
        if proxy is not None:
            proxy.stop()
    return verdict


def _serve_through_outage(verdict: Verdict, port: int, snap: dict, outage, strict: bool):
    consultation = f"/consultations/{snap['consultation']}"
    form_path = f"{consultation}/ideas/new"
    typed = f"{IDEA} [{snap['marker']}]"
    with resident(port) as client:
        form = client.send("GET", form_path)
        body = {**form_fields(form.text()), "text": typed}
        with outage:
            pages = {"health check": "/healthz", "home": "/", "consultation": consultation,
                     "idea form": form_path, "idea page": f"/ideas/{snap['idea']}"}
            for name, path in pages.items():
                with resident(port) as visitor:
                    reply = visitor.send("GET", path)
                if name == "health check":
                    verdict.check("health check: 503" if strict else "health check: 200 or 503",
                                  reply.status == 503 or (not strict and reply.status == 200),
                                  reply.status)
                    continue
                clean_error(verdict, name, reply, (503,) if strict else (200, 503))
            sent = client.send("POST", form_path, FORM_TYPE, outages.encode(body))
            clean_error(verdict, "idea sent", sent, (503,))
            kept = form_fields(sent.text())
            verdict.check("idea sent: the page keeps the typed text", kept.get("text") == typed,
                          kept.get("text", "no form to send again"))
        verdict.check("database back: health check 200", outages.wait_healthy(port))
        again = client.send("POST", form_path, FORM_TYPE, outages.encode(kept or body))
        verdict.check("sent again: 302 to the tracking page",
                      again.status == 302 and "/track/" in again.headers.get("Location", ""),
                      again.status)
        twice = client.send("POST", form_path, FORM_TYPE, outages.encode(kept or body))
        verdict.check("sent a third time: no error", twice.status < 500, twice.status)


def _check_stored_once(verdict: Verdict, site: stack.Site, snap: dict) -> None:
    check = site.helper("verify", stdin=json.dumps(
        {"marker": snap["marker"], "acknowledged": {}, "before": snap["submissions"]}) + "\n")
    verdict.check("stored exactly once", check["stored_marked"] == 1 and check["stored"] == 1,
                  f"{check['stored_marked']} with the text, {check['stored']} new in all")
    verdict.check("one submission.created event per idea, none without",
                  check["without_event"] == check["several_events"] == 0
                  and check["events_without_submission"] == 0, check)
    verdict.check("event log chain intact", check["chain_ok"])


def redis_down(folder: Path, database: str, redis_db: int = 14) -> Verdict:
    """Redis (job queue, rate limits) stops while ideas arrive; their jobs run once it is back."""
    verdict = Verdict("Redis unreachable while ideas arrive (REDIS_URL set)")
    redis.Redis(host=stack.HOST, port=REDIS_PORT, db=redis_db).flushdb()
    with Proxy(REDIS_PORT) as proxy:
        url = (database if stack.is_postgresql(database)
               else f"sqlite:///{folder / 'bench.db'}")
        site = stack.Site(folder, url, f"redis://{stack.HOST}:{proxy.port}/{redis_db}")
        stack.prepare(site, volunteers=60, seats=10)
        snap = {**site.helper("snapshot"), "marker": f"rel-{int(time.time())}-redis"}
        with stack.worker(site, threads=1), stack.gunicorn(site, workers=2, threads=4) as port:
            proxy.stop()
            acknowledged = outages.send_ideas(port, snap, count=5)
            verdict.check("5 ideas sent while Redis is down: each acknowledged (302)",
                          len(acknowledged) == 5, f"{len(acknowledged)} acknowledged")
            proxy.start()
            check = outages.wait_embedded(site, snap, acknowledged, RECOVERY_SECONDS)
    verdict.check("each acknowledged idea stored", check["lost"] == 0 and check["stored"] == 5,
                  f"{check['stored']} stored, {check['lost']} lost")
    verdict.check(f"Redis back: every new idea embedded within {RECOVERY_SECONDS} s",
                  check["embedded"] == check["stored_marked"] == 5,
                  f"{check['embedded']} of {check['stored_marked']} embedded")
    return verdict


def run_faults(database: str) -> list[Verdict]:
    verdicts = []
    for scenario in (database_down, redis_down):
        with tempfile.TemporaryDirectory(prefix="consult-faults-") as folder:
            try:
                verdicts.append(scenario(Path(folder), database))
            except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                failed = Verdict(scenario.__doc__.splitlines()[0])
                failed.check("the scenario ran to its end", False, error)
                verdicts.append(failed)
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite",
                        help="sqlite, or a PostgreSQL URL of a database of your own (dropped "
                             "and created again)")
    args = parser.parse_args()
    started = time.monotonic()
    verdicts = run_faults(args.database)
    for verdict in verdicts:
        print(verdict.text())
    print(f"{sum(v.passed for v in verdicts)} of {len(verdicts)} scenarios passed in "
          f"{time.monotonic() - started:.0f} s")
    sys.exit(0 if all(v.passed for v in verdicts) else 1)


if __name__ == "__main__":
    main()
