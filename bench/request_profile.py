"""Where the time of one request goes, in-process: each hook, the view, rendering, SQL, the
session cookie, compression.

Run from the repository root (about 2 minutes):

    python bench/request_profile.py                    # the demo in a temporary database
    python bench/request_profile.py -n 500 --cprofile  # and the 30 costliest functions

It builds the demo as bench/pages.py does (temporary SQLite database, `consult demo
--without-themes`), creates the app as bench/pages_wsgi.py does, and sends each scenario N
times straight to the WSGI callable (no server, no network): the health check; anonymous GETs
of the consultation page (with no cookie, then with the session cookie a form page leaves), of
the ideas list (a public page), of an idea's page and of the idea form; a conditional GET of
the ideas list (If-None-Match: 304); and a POST of a valid idea. Every before/after-request
hook, the view, the session cookie's reading and writing, template rendering (between Flask's
render signals), SQL (between SQLAlchemy's cursor events), SQLite's COMMIT (where it waits for
the disk), the job queue's enqueue and the response's compression are timed by wrapping them,
each without what ran inside it; what is left is Flask and Werkzeug themselves (routing,
contexts, the response object). With `--limits`, the rate limiter is on, as in production, with its
in-memory storage. Each scenario runs `--rounds` times; the fastest round is shown (the
machine is shared: slower rounds measure the neighbours). Last, what compressing the
consultation page costs with brotli and gzip at a few levels.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import os
import pstats
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import brotli  # noqa: E402
from pages import IDEA, form_fields, prepare_database  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

ACCEPT = {"Accept-Encoding": "br, gzip", "Accept-Language": "en"}
SQL = "SQL (in the driver)"
RENDERING, VIEW = "rendering (Jinja)", "view (its own code)"
COMMIT = "COMMIT (SQLite waits for the disk)"
QUEUE = "job queue: enqueue (Huey's SQLite file)"
TIMES: dict[str, float] = defaultdict(float)  # seconds by part, what ran inside it included
INSIDE: dict[str, float] = defaultdict(float)  # seconds of the parts and SQL run inside each
COUNTS: dict[str, int] = defaultdict(int)
ACTIVE: list[str] = []  # the parts running, innermost last


# --- timing wrappers ------------------------------------------------------------------------


def _enter(name: str) -> float:
    ACTIVE.append(name)
    return time.perf_counter()


def _leave(name: str, started: float) -> None:
    seconds = time.perf_counter() - started
    TIMES[name] += seconds
    ACTIVE.pop()
    if ACTIVE:
        INSIDE[ACTIVE[-1]] += seconds


def _timed(name: str, function: Callable) -> Callable:
    @wraps(function)
    def wrapper(*args, **kwargs):
        started = _enter(name)
        try:
            return function(*args, **kwargs)
        finally:
            _leave(name, started)
    return wrapper


def _label(function: Callable) -> str:
    function = getattr(function, "func", function)  # a functools.partial
    name = getattr(function, "__qualname__", repr(function)).replace(".<locals>", "")
    module = getattr(function, "__module__", "") or ""
    return f"{module.split('.')[0]}: {name}"


def instrument(app) -> None:
    """Wrap every hook, view, the session interface, rendering, SQL, commits and the job
    queue of `app` in a timer."""
    from flask import before_render_template, template_rendered
    from huey.storage import SqliteStorage
    from sqlalchemy import event

    from consult.extensions import db

    for kind, registry in (("before", app.before_request_funcs),
                           ("after", app.after_request_funcs)):
        for blueprint, functions in registry.items():
            registry[blueprint] = [
                _timed(f"{kind}: {_label(f)}", f) for f in functions]
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = _timed(VIEW, view)
    for blueprint, functions in app.template_context_processors.items():
        app.template_context_processors[blueprint] = [
            _timed("template context processors", f) for f in functions]
    interface = app.session_interface
    interface.open_session = _timed("session cookie: open", interface.open_session)
    interface.save_session = _timed("session cookie: save", interface.save_session)

    started: list[float] = []
    before_render_template.connect(lambda *_a, **_k: started.append(_enter(RENDERING)), app,
                                   weak=False)
    template_rendered.connect(lambda *_a, **_k: _leave(RENDERING, started.pop()), app,
                              weak=False)
    SqliteStorage.enqueue = _timed(QUEUE, SqliteStorage.enqueue)
    with app.app_context():
        engine = db.engine
    engine.dialect.do_commit = _timed(COMMIT, engine.dialect.do_commit)
    sql_started: list[float] = []
    event.listen(engine, "before_cursor_execute",
                 lambda *a: sql_started.append(_enter(SQL)))

    def sql_done(*_args) -> None:
        _leave(SQL, sql_started.pop())
        COUNTS["SQL statements"] += 1

    event.listen(engine, "after_cursor_execute", sql_done)




# --- requests -------------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    method: str
    path: str
    expected: int
    headers: dict[str, str]
    body: str | None = None


def call(app, scenario: Scenario) -> tuple[int, dict[str, str], bytes]:
    builder = EnvironBuilder(
        path=scenario.path, method=scenario.method, headers=scenario.headers,
        data=scenario.body, base_url="http://127.0.0.1:5000",
        content_type=("application/x-www-form-urlencoded" if scenario.body else None))
    environ = builder.get_environ()
    builder.close()
    reply: dict = {}

    def start_response(status, headers, exc_info=None):
        reply["status"], reply["headers"] = int(status.split()[0]), headers

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return reply["status"], reply["headers"], body


def text_of(headers, body: bytes) -> str:
    encoding = dict(headers).get("Content-Encoding")
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)(body).decode()


def cookies_of(headers) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            found.update({key: morsel.value for key, morsel in SimpleCookie(value).items()})
    return found


def cookie_header(cookies: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}


def scenarios(app) -> list[Scenario]:
    """The scenarios, on the demo's first consultation and one of its ideas."""
    get = Scenario("", "GET", "/consultations/", 200, ACCEPT)
    listing = text_of(*call(app, get)[1:])
    consultation = re.search(r'href="/consultations/(\d+)"', listing).group(1)
    page, ideas = f"/consultations/{consultation}", f"/consultations/{consultation}/ideas"
    _status, list_headers, list_body = call(app, Scenario("", "GET", ideas, 200, ACCEPT))
    idea = "/ideas/" + re.search(r'href="/ideas/(\d+)"', text_of(list_headers, list_body)).group(1)
    form = f"{page}/ideas/new"
    _status, headers, body = call(app, Scenario("", "GET", form, 200, ACCEPT))
    session = cookies_of(headers)
    fields = form_fields(text_of(headers, body))
    post = urlencode({**fields, "text": IDEA, "website": ""})
    # As a browser does: the cookie as the next page leaves it.
    session.update(cookies_of(call(app, Scenario("", "GET", page, 200,
                                                  {**ACCEPT, **cookie_header(session)}))[1]))
    found = [
        Scenario("health check, GET", "GET", "/healthz", 200, ACCEPT),
        Scenario("consultation page, GET, no cookie", "GET", page, 200, ACCEPT),
        Scenario("consultation page, GET, session cookie", "GET", page, 200,
                 {**ACCEPT, **cookie_header(session)}),
        Scenario("ideas list (public), GET, no cookie", "GET", ideas, 200, ACCEPT),
        Scenario("idea page, GET, no cookie", "GET", idea, 200, ACCEPT),
        Scenario("idea form, GET, no cookie", "GET", form, 200, ACCEPT),
        Scenario("idea, POST", "POST", form, 302, {**ACCEPT, **cookie_header(session)}, post),
    ]
    etag = dict(list_headers).get("ETag")
    if etag:  # a browser asking whether its copy is still current
        found.insert(4, Scenario("ideas list, GET, If-None-Match", "GET", ideas, 304,
                                 {**ACCEPT, "If-None-Match": etag}))
    return found


@dataclass
class Measure:
    ms: float  # per request
    count: int
    parts: dict[str, float]  # seconds in all by part, each without the parts inside it
    statements: int


def run(app, scenario: Scenario, count: int) -> Measure:
    """`count` requests of `scenario`, after a warm-up, and the time of each part."""
    for _ in range(min(20, count)):
        call(app, scenario)
    for kept in (TIMES, INSIDE, COUNTS):
        kept.clear()
    started = time.perf_counter()
    for _ in range(count):
        status, _headers, _body = call(app, scenario)
        if status != scenario.expected:
            raise SystemExit(f"{scenario.name}: {status}, not {scenario.expected}")
    ms = 1000 * (time.perf_counter() - started) / count
    return Measure(ms, count, own_times(), COUNTS.get("SQL statements", 0))


def own_times() -> dict[str, float]:
    """Seconds of each part, without the SQL and the other parts that ran inside it."""
    return {name: seconds - INSIDE.get(name, 0.0) for name, seconds in TIMES.items()}


def breakdown(measure: Measure) -> list[tuple[str, float]]:
    parts = {name: 1000 * seconds / measure.count for name, seconds in measure.parts.items()}
    rows = sorted(parts.items(), key=lambda item: -item[1])
    rows.append(("Flask and Werkzeug (the rest)", measure.ms - sum(parts.values())))
    return rows


def table(name: str, measure: Measure) -> str:
    lines = [f"### {name}: {measure.ms:.2f} ms per request ({1000 / measure.ms:.0f}/s in one "
             f"process), {measure.statements / measure.count:.1f} SQL statements", "",
             "| part | ms per request | share |", "|---|---:|---:|"]
    for part, ms in breakdown(measure):
        if ms >= 0.005:
            lines.append(f"| {part} | {ms:.3f} | {100 * ms / measure.ms:.0f} % |")
    return "\n".join(lines)


COMPRESSORS = {
    "brotli 1": lambda body: brotli.compress(body, quality=1),
    "brotli 4 (Flask-Compress's default, ours)": lambda body: brotli.compress(body, quality=4),
    "brotli 5": lambda body: brotli.compress(body, quality=5),
    "gzip 1": lambda body: gzip.compress(body, 1),
    "gzip 6 (ours)": lambda body: gzip.compress(body, 6),
}


def compression_costs(app, scenario: Scenario, count: int) -> str:
    """What compressing the page of `scenario` costs, by algorithm and level."""
    plain = Scenario(scenario.name, "GET", scenario.path, 200, {"Accept-Language": "en"})
    body = call(app, plain)[2]
    lines = [f"### Compressing the {scenario.name.split(',')[0]} ({len(body):,} bytes)", "",
             "| algorithm | bytes | ms per page |", "|---|---:|---:|"]
    for name, compress in COMPRESSORS.items():
        best = min(_timed_calls(compress, body, count) for _ in range(3))
        lines.append(f"| {name} | {len(compress(body)):,} | {best:.3f} |")
    return "\n".join(lines)


def _timed_calls(function: Callable, argument, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        function(argument)
    return 1000 * (time.perf_counter() - started) / count


@contextmanager
def profiled(enabled: bool):
    profiler = cProfile.Profile() if enabled else None
    if profiler:
        profiler.enable()
    yield
    if profiler:
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
        print("```\n" + "\n".join(out.getvalue().splitlines()[4:]) + "\n```\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="requests per scenario")
    parser.add_argument("--cprofile", action="store_true", help="also the costliest functions")
    parser.add_argument("--limits", action="store_true", help="rate limiter on (memory)")
    parser.add_argument("--only", help="scenarios whose name contains this")
    parser.add_argument("--rounds", type=int, default=3, help="the fastest is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="consult-profile-") as folder:
        env = prepare_database(Path(folder))
        os.environ.pop("REDIS_URL", None)
        os.environ.update(env)
        from consult import create_app

        app = create_app({"RATELIMIT_ENABLED": args.limits, "SUBMIT_MIN_SECONDS": 0})
        found = scenarios(app)
        instrument(app)
        for scenario in found:
            if args.only and args.only not in scenario.name:
                continue
            with profiled(args.cprofile):
                best = min((run(app, scenario, args.n) for _ in range(args.rounds)),
                           key=lambda measure: measure.ms)
            print(table(scenario.name, best), "\n", flush=True)
        print(compression_costs(app, found[1], args.n))


if __name__ == "__main__":
    main()
