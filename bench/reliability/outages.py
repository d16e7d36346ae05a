"""The outages the fault scenarios cause, and the residents' steps around them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from urllib.parse import urlencode

from sqlalchemy.engine import make_url

from bench.loadgen import Client
from bench.reliability import stack
from bench.reliability.clients import FORM_TYPE, IDEA, form_fields
from bench.reliability.proxy import Proxy

# Holds SQLite's write lock (BEGIN EXCLUSIVE: in WAL mode readers go on) until stdin closes.
HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
sys.stdin.read()
connection.execute("ROLLBACK")
"""
POLL = 1  # seconds


def encode(fields: dict[str, str]) -> str:
    return urlencode(fields)


class Outage:
    """PostgreSQL unreachable: the proxy in front of it stopped, then started again."""

    def __init__(self, proxy: Proxy) -> None:
        self.proxy = proxy

    def __enter__(self) -> Outage:
        self.proxy.stop()
        return self

    def __exit__(self, *exc) -> None:
        self.proxy.start()


class Lock:
    """SQLite's write lock held by another process for longer than a writer waits."""

    def __init__(self, site: stack.Site) -> None:
        self.path = make_url(site.database_url).database
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Lock:
        self.process = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, self.path],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        if self.process.stdout.readline().strip() != "held":
            raise RuntimeError("could not take the SQLite write lock")
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()  # the holder rolls back and exits
        self.process.wait(timeout=30)
        self.process.stdout.close()


def wait_healthy(port: int, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with Client(port) as probe:
                if probe.send("GET", "/healthz").status == 200:
                    return True
        except OSError:
            pass
        time.sleep(POLL)
    return False


def send_ideas(port: int, snap: dict, count: int) -> dict[str, str]:
    """`count` residents send the idea form; marker -> tracking token of those acknowledged."""
    form_path = f"/consultations/{snap['consultation']}/ideas/new"
    acknowledged = {}
    for number in range(count):
        with Client(port) as client:
            fields = form_fields(client.send("GET", form_path).text())
            marker = f"{snap['marker']}-{number}"
            reply = client.send("POST", form_path, FORM_TYPE,
                                encode({**fields, "text": f"{IDEA} [{marker}]"}))
        location = reply.headers.get("Location", "")
        if reply.status == 302 and "/track/" in location:
            acknowledged[marker] = location.split("/track/", 1)[1].split("?")[0]
    return acknowledged


def wait_embedded(site: stack.Site, snap: dict, acknowledged: dict, seconds: float) -> dict:
    """The database's view of the ideas sent, once all are embedded or `seconds` passed."""
    claim = json.dumps({"marker": snap["marker"], "acknowledged": acknowledged,
                        "before": snap["submissions"]}) + "\n"
    deadline = time.monotonic() + seconds
    while True:
        check = site.helper("verify", stdin=claim)
        if check["embedded"] >= check["stored_marked"] or time.monotonic() >= deadline:
            return check
        time.sleep(POLL)
