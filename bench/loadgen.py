"""A bounded load generator for the benchmarks: clients in threads spread over processes,
each reusing one http.client connection, only ever to 127.0.0.1."""

from __future__ import annotations

import gzip
import http.client
import multiprocessing
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import brotli

HOST = "127.0.0.1"
CLIENTS = 20
PROCESSES = 4  # clients are spread over processes so one GIL does not limit the load
ACCEPT = {"Accept-Encoding": "br, gzip"}


# --- HTTP --------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # as sent: still compressed

    def max_age(self) -> int:
        match = re.search(r"max-age=(\d+)", self.headers.get("Cache-Control", ""))
        return int(match.group(1)) if match else 0

    def text(self) -> str:
        encoding = self.headers.get("Content-Encoding", "")
        body = {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)(self.body)
        return body.decode()


def request(conn: http.client.HTTPConnection, method: str, path: str,
            headers: dict[str, str] | None = None, body: str | None = None) -> Reply:
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return Reply(response.status, response.headers, response.read())


class Client:
    """One browser: a connection and its cookies."""

    def __init__(self, port: int, **headers: str) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.headers = headers

    def send(self, method: str, path: str, extra: dict[str, str] | None = None,
             body: str | None = None) -> Reply:
        headers = {**self.headers, **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        reply = request(self.conn, method, path, headers, body)
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return reply

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()



# --- load ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    expected: int
    # (port, scenario) -> (client, body, extra headers): how one client starts.
    connect: Callable = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.connect is None:
            object.__setattr__(self, "connect", plain_client)


def plain_client(port: int, scenario: Scenario) -> tuple[Client, None, None]:
    return Client(port, **ACCEPT), None, None


def client_loop(port: int, scenario: Scenario, until: float, latencies: list, errors: list):
    client, body, extra = scenario.connect(port, scenario)
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            reply = client.send(scenario.method, scenario.path, extra, body)
        except (OSError, http.client.HTTPException):
            errors.append("connection")
            client.conn.close()
            continue
        latencies.append(time.perf_counter() - started)
        if reply.status != scenario.expected:
            errors.append(str(reply.status))


def process_load(port: int, scenario: Scenario, clients: int, until: float, queue) -> None:
    latencies: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=client_loop, args=(port, scenario, until, latencies,
                                                          errors)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((latencies, errors))


@dataclass
class Throughput:
    scenario: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: dict[str, int]

    @property
    def rps(self) -> float:
        """Successful requests (the expected status) per second."""
        return (self.requests - sum(self.errors.values())) / self.seconds


def load(port: int, scenario: Scenario, seconds: float) -> Throughput:
    """CLIENTS concurrent clients sending `scenario` for `seconds`."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    until = time.monotonic() + seconds
    shares = [CLIENTS // PROCESSES + (i < CLIENTS % PROCESSES) for i in range(PROCESSES)]
    started = time.monotonic()
    workers = [context.Process(target=process_load, args=(port, scenario, n, until, queue))
               for n in shares]
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies = sorted(x for result in results for x in result[0])
    errors: dict[str, int] = {}
    for error in (e for result in results for e in result[1]):
        errors[error] = errors.get(error, 0) + 1
    if not latencies:
        raise SystemExit(f"{scenario.name}: no request completed ({errors})")
    return Throughput(scenario.name, len(latencies), elapsed,
                      1000 * latencies[len(latencies) // 2],
                      1000 * latencies[int(len(latencies) * 0.95)], errors)


def measure(port: int, scenario: Scenario, seconds: float, warmup: float) -> Throughput:
    load(port, scenario, warmup)
    return load(port, scenario, seconds)


def throughput_table(results: list[Throughput], bare_rps: float) -> str:
    lines = ["| scenario | successful requests/s | p50 | p95 | errors | ratio to bare Flask |",
             "|---|---:|---:|---:|---|---:|"]
    for r in results:
        errors = ", ".join(f"{k}: {v}" for k, v in r.errors.items()) or "none"
        lines.append(f"| {r.scenario} | {r.rps:.0f} | {r.p50_ms:.1f} ms | {r.p95_ms:.1f} ms "
                     f"| {errors} | {r.rps / bare_rps:.2f} |")
    return "\n".join(lines)


