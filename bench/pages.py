"""Page-weight and throughput benchmark of the public and resident pages.

Run from the repository root (about 2 minutes):

    python bench/pages.py                 # print the tables
    python bench/pages.py --write         # and write them to bench/RESULTS_pages.md
    git archive HEAD | tar -x -C /tmp/consult-head      # the last commit, to compare with
    python bench/pages.py --against /tmp/consult-head --rounds 3   # both in turn, 3 times

It creates a temporary SQLite database, migrates it (`consult db upgrade`), loads the demo
(`consult demo`) and serves Consult with gunicorn (2 sync workers on 127.0.0.1, through
bench/pages_wsgi.py: no rate limits, no minimum fill time). Then:

(a) page weight: compressed bytes (Accept-Encoding: br, gzip) of each page's HTML, CSS and
    JavaScript on a first visit, on a repeat visit (files with a Cache-Control max-age come
    from the browser's cache) and on a first visit with `Save-Data: on`; in English and Arabic;
    against the budgets below. Response bodies only, without HTTP headers.
(b) throughput: requests per second and latencies at 20 concurrent clients for 10 seconds,
    GET of the health check, the consultation page, the ideas list, an idea's page and the
    idea form, and POST of an idea, compared with a bare Flask "hello" page served by the same
    gunicorn settings, and with a bare Flask POST that stores its text with one durable
    INSERT. Each client keeps the cookies it is given, as a browser does. The load generator
    is Python: processes of threads, each a client reusing one http.client connection
    (gunicorn's sync workers close it after each response, as behind a reverse proxy), only
    ever to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import platform
import re
import secrets
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

from loadgen import (
    ACCEPT,
    CLIENTS,
    HOST,
    Client,
    Scenario,
    Throughput,
    measure,
    request,
    throughput_table,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS_pages.md"
WORKERS = 2
KB = 1024
BUDGET_FIRST = 30 * KB
BUDGET_FORM = 14 * KB
BUDGET_REPEAT = 10 * KB
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')
ASSET_SIZES: dict[str, int] = {}  # compressed size of each CSS and JavaScript file, by path
IDEA = "Plant more fruit trees along the river path so that children can pick them"


# --- serving -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def consult_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("consult")), *args]


def prepare_database(folder: Path, root: Path = ROOT) -> dict[str, str]:
    """A migrated SQLite database with the demo loaded by the code in `root`; the environment
    to serve it."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "FLASK_APP")}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'bench.db'}", CONSULT_ENV="development",
        BARE_DATABASE=str(folder / "bare.db"),
        SECRET_KEY=secrets.token_hex(16), PYTHONPATH=str(root),
        CONSULT_JOBS_PATH=str(folder / "jobs.db"),  # the ideas posted queue embedding jobs
    )
    for args in (("db", "upgrade"), ("demo", "--without-themes")):
        subprocess.run(consult_command(*args), env=env, cwd=root, check=True,
                       capture_output=True)
    return env


@contextlib.contextmanager
def gunicorn(app: str, env: dict[str, str], log: Path, root: Path = ROOT):
    """Serve `app` (a pages_wsgi factory of the code in `root`) on a free port, errors to
    `log`; yield the port."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--chdir", str(root / "bench"),
               "--workers", str(WORKERS), "--bind", f"{HOST}:{port}", "--log-level", "warning",
               "--backlog", "256", f"pages_wsgi:{app}()"]
    with log.open("ab") as stderr:
        server = subprocess.Popen(command, env=env, cwd=root, stderr=stderr)
        try:
            wait_until_up(port)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def server_errors(log: Path) -> list[str]:
    """Each kind of exception the app logged, with how often it was the request's error."""
    text = log.read_text(errors="replace") if log.exists() else ""
    failures = len(re.findall(r"Exception on \S+ \[\w+\]", text))
    kinds = sorted(set(re.findall(r"^(?:\w+\.)*\w+(?:Error|Exception): .{0,120}", text, re.M)))
    return [f"{failures} requests failed with an exception; exceptions seen:", *kinds] if (
        failures) else []


def wait_until_up(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request(http.client.HTTPConnection(HOST, port, timeout=2), "GET", "/")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on port {port}")


def form_fields(html: str) -> dict[str, str]:
    fields = {}
    for name in ("csrf_token", "started", "question"):
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
            rf'value="([^"]*)"[^>]*name="{name}"', html)
        fields[name] = match.group(1) if match else ""
    return fields


def idea_poster(port: int, form_path: str) -> tuple[Client, str]:
    """A client that has loaded the idea form, and the body of a valid submission."""
    client = Client(port)
    html = client.send("GET", form_path).text()
    body = urlencode({**form_fields(html), "text": IDEA, "website": ""})
    return client, body


# --- (a) page weight -----------------------------------------------------------------------


def idea_connect(port: int, scenario: Scenario) -> tuple[Client, str, dict[str, str]]:
    client, body = idea_poster(port, scenario.path)
    return client, body, {"Content-Type": "application/x-www-form-urlencoded"}


def bare_post_connect(port: int, scenario: Scenario) -> tuple[Client, str, dict[str, str]]:
    return (Client(port, **ACCEPT), urlencode({"text": IDEA}),
            {"Content-Type": "application/x-www-form-urlencoded"})


def demo_pages(port: int) -> dict[str, str]:
    client = Client(port)
    listing = client.send("GET", "/consultations/").text()
    consultation = re.search(r'href="/consultations/(\d+)"', listing).group(1)
    ideas = client.send("GET", f"/consultations/{consultation}/ideas").text()
    idea = re.search(r'href="/ideas/(\d+)"', ideas).group(1)
    form = f"/consultations/{consultation}/ideas/new"
    poster, body = idea_poster(port, form)
    receipt = poster.send("POST", form, {"Content-Type": "application/x-www-form-urlencoded"},
                          body)
    if receipt.status != 302:
        raise SystemExit(f"posting an idea gave {receipt.status}, not a redirect")
    return {
        "home": "/", "consultations": "/consultations/",
        "consultation": f"/consultations/{consultation}",
        "ideas": f"/consultations/{consultation}/ideas", "idea form": form,
        "idea": f"/ideas/{idea}", "tracking": receipt.headers["Location"].split("?")[0],
        "sign in": "/login", "register": "/register", "code sign-in": "/us-signin",
        "not found": "/no-such-page",
    }


@dataclass
class Weight:
    page: str
    lang: str
    first: int
    repeat: int
    save_data: int

    @property
    def budget(self) -> int:
        return BUDGET_FORM if self.page == "idea form" else BUDGET_FIRST

    @property
    def passed(self) -> bool:
        return (max(self.first, self.save_data) <= self.budget
                and self.repeat <= BUDGET_REPEAT)


def visit(port: int, path: str, lang: str, save_data: bool) -> tuple[int, int]:
    """(bytes of a first visit, bytes of a repeat visit) of one page."""
    headers = {**ACCEPT, "Accept-Language": lang}
    if save_data:
        headers["Save-Data"] = "on"
    client = Client(port, **headers)
    client.cookies["locale"] = lang
    page = client.send("GET", path)
    if page.status >= 500:
        raise SystemExit(f"{path} answered {page.status}")
    first = repeat = len(page.body)
    for asset in ASSET.findall(page.text()):
        reply = client.send("GET", asset.replace("&amp;", "&"))
        if len(reply.body) >= 500 and not reply.headers.get("Content-Encoding"):
            raise SystemExit(f"{asset} was sent uncompressed")
        first += len(reply.body)
        ASSET_SIZES[asset.split("?")[0]] = len(reply.body)
        repeat += 0 if reply.max_age() > 0 else len(reply.body)
    return first, repeat


def page_weights(port: int) -> list[Weight]:
    weights = []
    for lang in ("en", "ar"):
        for name, path in demo_pages(port).items():
            first, repeat = visit(port, path, lang, save_data=False)
            save_data, _ = visit(port, path, lang, save_data=True)
            weights.append(Weight(name, lang, first, repeat, save_data))
    return weights


def asset_line() -> str:
    return ", ".join(f"`{path}` {size / KB:.1f} KB" for path, size in sorted(ASSET_SIZES.items()))


def weight_table(weights: list[Weight]) -> str:
    lines = ["| page | lang | first load | repeat visit | first, Save-Data | budget | result |",
             "|---|---|---:|---:|---:|---:|---|"]
    for w in weights:
        lines.append(
            f"| {w.page} | {w.lang} | {w.first / KB:.1f} KB | {w.repeat / KB:.1f} KB "
            f"| {w.save_data / KB:.1f} KB | {w.budget // KB} / {BUDGET_REPEAT // KB} KB "
            f"| {'pass' if w.passed else 'FAIL'} |"
        )
    return "\n".join(lines)


# --- (b) throughput ------------------------------------------------------------------------


def scenarios_of(port: int, label: str = "") -> list[Scenario]:
    pages = demo_pages(port)
    return [
        Scenario(f"{label}Consult health check, GET", "GET", "/healthz", 200),
        Scenario(f"{label}consultation page, GET", "GET", pages["consultation"], 200),
        Scenario(f"{label}ideas list (public), GET", "GET", pages["ideas"], 200),
        Scenario(f"{label}idea page, GET", "GET", pages["idea"], 200),
        Scenario(f"{label}idea form, GET", "GET", pages["idea form"], 200),
        Scenario(f"{label}idea, POST", "POST", pages["idea form"], 302, connect=idea_connect),
    ]


def best_of(rounds: int, measured: Callable[[], Throughput]) -> Throughput:
    """The fastest of `rounds` measures: on a shared machine, the least disturbed."""
    return max((measured() for _ in range(rounds)), key=lambda result: result.rps)


def run_throughput(env: dict[str, str], log: Path, seconds: float, warmup: float,
                   against: Path | None = None, rounds: int = 1) -> str:
    """Consult's scenarios between two runs of the bare app, whose mean is the baseline. With
    `against` (another checkout of Consult), each scenario is measured on it right after this
    tree's: on a shared machine both then meet the same neighbours. With `rounds`, each figure
    is the fastest of that many runs, taken in turn."""
    hello = Scenario("bare Flask hello, GET", "GET", "/", 200)
    stored = Scenario("bare Flask, one durable INSERT, POST", "POST", "/", 303,
                      connect=bare_post_connect)
    with contextlib.ExitStack() as stack:
        bare_port = stack.enter_context(gunicorn("hello_app", env, log))
        port = stack.enter_context(gunicorn("consult_app", env, log))
        runs = [[(port, scenario)] for scenario in scenarios_of(port)]
        if against is not None:
            other_env = prepare_database(log.parent / "against", against)
            other = stack.enter_context(gunicorn("consult_app", other_env, log, against))
            for run, scenario in zip(runs, scenarios_of(other, f"{against.name}: "),
                                     strict=True):
                run.append((other, scenario))
        bare = [best_of(rounds, lambda: measure(bare_port, hello, seconds, warmup))]
        results = bare[:]
        for run in runs:
            measured: dict[str, list[Throughput]] = {}
            for turn in range(rounds):  # in turn, the other first every second round
                for server, scenario in run[::-1] if turn % 2 else run:
                    measured.setdefault(scenario.name, []).append(
                        measure(server, scenario, seconds, warmup))
            results += [max(found, key=lambda result: result.rps)
                        for found in measured.values()]
        results.append(best_of(rounds, lambda: measure(bare_port, stored, seconds, warmup)))
        bare.append(best_of(rounds, lambda: measure(bare_port, hello, seconds, warmup)))
        results.append(bare[-1])
    bare_rps = (bare[0].rps + bare[-1].rps) / 2
    table = throughput_table(results, bare_rps)
    fastest = f"the fastest of {rounds} runs each; " if rounds > 1 else ""
    table += (f"\n\nBaseline: {fastest}the mean of the two bare runs, {bare_rps:.0f} "
              "requests/s.")
    errors = server_errors(log)
    if errors:
        table += "\n\nServer log:\n\n" + "\n".join(f"    {line}" for line in errors)
    return table


# --- report --------------------------------------------------------------------------------


def machine(load: tuple[float, ...]) -> str:
    return (f"{platform.platform()}, {os.cpu_count()} CPUs (load average "
            f"{', '.join(f'{x:.1f}' for x in load)} before the run), "
            f"Python {platform.python_version()}, "
            f"gunicorn {version('gunicorn')} ({WORKERS} sync workers), Flask {version('flask')}, "
            f"SQLite (WAL); load generator on the same machine")


def report(weights: list[Weight], throughput: str, command: str, seconds: float,
           load: tuple[float, ...], against: Path | None) -> str:
    failed = [f"{w.lang}-{w.page}" for w in weights if not w.passed]
    compared = (f" The rows named `{against.name}: …` are the checkout given with `--against`,"
                " each measured right after the same scenario of this tree." if against else "")
    return f"""# Page weight and throughput of the public pages

Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` (from the repository root).
Machine: {machine(load)}.

## (a) Page weight

Compressed bytes (`Accept-Encoding: br, gzip`) of the HTML, CSS and JavaScript of each page,
response bodies only. Repeat visit: files with a `Cache-Control` max-age come from the cache.
Budgets: first load ≤ {BUDGET_FIRST // KB} KB (idea form ≤ {BUDGET_FORM // KB} KB), with or
without `Save-Data: on`; repeat visit ≤ {BUDGET_REPEAT // KB} KB. Demo data (`consult demo`).

{weight_table(weights)}

Files every page loads (compressed, cached for a year; not loaded with Save-Data: the
scripts): {asset_line()}.

Result: {"all pages within budget" if not failed else "over budget: " + ", ".join(failed)}.

## (b) Throughput

{CLIENTS} concurrent clients for {seconds:.0f} s after a warm-up, gunicorn with {WORKERS} sync
workers; each client keeps the cookies it is given (a page with a form gives a session). The
POST scenario posts a valid idea (CSRF token, session cookie and the form's `started` field
read once per client) and expects a 302 to the tracking page.{compared}

{throughput}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per throughput scenario")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    parser.add_argument("--rounds", type=int, default=1,
                        help="throughput runs per scenario; the fastest is shown")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout of Consult (e.g. `git archive HEAD | tar -x -C "
                             "DIR`), measured scenario by scenario with this one")
    args = parser.parse_args()
    command = shlex.join(["python", "bench/pages.py", *sys.argv[1:]])
    load = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="consult-bench-") as folder:
        env = prepare_database(Path(folder))
        log = Path(folder) / "gunicorn.log"
        with gunicorn("consult_app", env, log) as port:
            weights = page_weights(port)
        print(weight_table(weights), "\n" + asset_line(), flush=True)
        throughput = run_throughput(env, log, args.seconds, args.warmup,
                                    args.against.resolve() if args.against else None,
                                    args.rounds)
    print(throughput)
    if args.write:
        text = report(weights, throughput, command, args.seconds, load, args.against)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
