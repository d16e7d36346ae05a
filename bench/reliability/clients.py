"""The residents of a reliability run: submitters sending the real idea form, and lookers
using the similar-ideas lookup, the no-JavaScript preview and the consultation page.

Clients are threads spread over processes (one GIL would otherwise limit the load), each
with one keep-alive connection to 127.0.0.1 and its own cookies. Every loop stops at a
deadline and after a bounded number of rounds.
"""

from __future__ import annotations

import http.client
import multiprocessing
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

from bench.loadgen import ACCEPT, Client, Reply

FORM_TYPE = {"Content-Type": "application/x-www-form-urlencoded"}
IDEA = "Paint a zebra crossing outside the school gate and add a lollipop person at 8am"
LOOKUP = "A safer crossing near the school for children who walk"
MAX_ROUNDS = 100_000  # per client: the deadline ends a loop long before
PROCESSES = 4
TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.S)
WERKZEUG = "<title>500 Internal Server Error</title>"


class FormFields(HTMLParser):
    """The fields a browser would send with the idea form: hidden inputs, each select's
    chosen option, the text inputs as they are (the submit buttons are left out)."""

    def __init__(self, action_suffix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.suffix, self.inside, self.select, self.textarea = action_suffix, False, None, None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag == "option" and self.inside and self.select and (
                self.select not in self.fields or "selected" in attrs):
            self.fields[self.select] = attrs.get("value") or ""
        if tag == "form":
            self.inside = (attrs.get("action") or "").endswith(self.suffix)
        elif not self.inside or not attrs.get("name"):
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "checkbox", "radio"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self.fields[attrs["name"]], self.textarea = "", attrs["name"]
        elif tag == "select":
            self.select = attrs["name"]

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea:
            value = self.fields[self.textarea]  # browsers drop the newline after <textarea>
            self.fields[self.textarea] = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_fields(html: str, action_suffix: str = "/ideas/new") -> dict[str, str]:
    parser = FormFields(action_suffix)
    parser.feed(html)
    return parser.fields


def kind_of(reply: Reply) -> str:
    """What a refusal said: its page title (the error summary of a form is in it)."""
    try:
        text = reply.text()
    except (UnicodeDecodeError, OSError, ValueError):
        return "undecodable body"
    if WERKZEUG in text:
        return "Werkzeug Internal Server Error"
    match = TITLE.search(text)
    return re.sub(r"\s+", " ", match.group(1))[:90] if match else text[:60].strip()


@dataclass
class Tally:
    """What the clients of one process saw."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    answers: Counter = field(default_factory=Counter)  # (scenario, status, kind)
    connection_errors: Counter = field(default_factory=Counter)  # scenario
    connection_kinds: Counter = field(default_factory=Counter)  # (scenario, exception)
    acknowledged: dict[str, str] = field(default_factory=dict)  # marker -> tracking token
    sent: int = 0
    retry_after: Counter = field(default_factory=Counter)  # 503s with / without the header

    def merge(self, other: Tally) -> None:
        for name, values in other.latencies.items():
            self.latencies.setdefault(name, []).extend(values)
        self.answers.update(other.answers)
        self.connection_errors.update(other.connection_errors)
        self.connection_kinds.update(other.connection_kinds)
        self.acknowledged.update(other.acknowledged)
        self.sent += other.sent
        self.retry_after.update(other.retry_after)


class Resident:
    """One client; every request timed and counted in the shared tally."""

    def __init__(self, port: int, tally: Tally, lock: threading.Lock) -> None:
        self.client = Client(port, **ACCEPT)
        self.tally, self.lock = tally, lock

    def send(self, scenario: str, method: str, path: str, body: str | None = None,
             expected: int = 200) -> Reply | None:
        started = time.perf_counter()
        try:
            reply = self.client.send(method, path, FORM_TYPE if body else None, body)
        except (OSError, http.client.HTTPException) as error:
            self.client.conn.close()
            with self.lock:
                self.tally.connection_errors[scenario] += 1
                self.tally.connection_kinds[(scenario, type(error).__name__)] += 1
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.tally.latencies.setdefault(scenario, []).append(elapsed)
            if reply.status != expected:
                self.tally.answers[(scenario, reply.status, kind_of(reply))] += 1
                if reply.status == 503:
                    self.tally.retry_after[bool(reply.headers.get("Retry-After"))] += 1
            else:
                self.tally.answers[(scenario, reply.status, "")] += 1
        return reply


def submitter(resident: Resident, paths: dict, marker: str, until: float) -> None:
    """Load the idea form, send it with a unique marker in the text; again until `until`."""
    form = paths["form"]
    for round_ in range(MAX_ROUNDS):
        if time.monotonic() >= until:
            return
        page = resident.send("idea form, GET", "GET", form)
        if page is None or page.status != 200:
            continue
        label = f"{marker}-{round_}"
        body = urlencode({**form_fields(page.text()), "text": f"{IDEA} [{label}]"})
        with resident.lock:
            resident.tally.sent += 1
        reply = resident.send("idea, POST", "POST", form, body, expected=302)
        location = reply.headers.get("Location", "") if reply is not None else ""
        if reply is not None and reply.status == 302 and "/track/" in location:
            token = location.split("/track/", 1)[1].split("?")[0]
            with resident.lock:
                resident.tally.acknowledged[label] = token


def looker(resident: Resident, paths: dict, until: float) -> None:
    """The similar-ideas lookup, the no-JavaScript preview and the consultation page in turn."""
    page = resident.send("idea form, GET", "GET", paths["form"])
    fields = form_fields(page.text()) if page is not None and page.status == 200 else {}
    similar = urlencode({"csrf_token": fields.get("csrf_token", ""), "text": LOOKUP})
    preview = urlencode({**fields, "text": LOOKUP, "preview": "1"})
    for round_ in range(MAX_ROUNDS):
        if time.monotonic() >= until:
            return
        step = round_ % 3
        if step == 0:
            resident.send("similar ideas, POST", "POST", paths["similar"], similar)
        elif step == 1:
            resident.send("preview, POST", "POST", paths["form"], preview)
        else:
            resident.send("consultation page, GET", "GET", paths["consultation"])


def _process(port: int, paths: dict, submitters: int, lookers: int, marker: str,
             until: float, queue) -> None:
    tally, lock = Tally(), threading.Lock()
    residents = [Resident(port, tally, lock) for _ in range(submitters + lookers)]
    threads = [threading.Thread(target=submitter, args=(resident, paths, f"{marker}-{n}", until))
               for n, resident in enumerate(residents[:submitters])]
    threads += [threading.Thread(target=looker, args=(resident, paths, until))
                for resident in residents[submitters:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for resident in residents:
        resident.client.close()
    queue.put(tally)


def run_clients(port: int, paths: dict, submitters: int, lookers: int, seconds: float,
                marker: str) -> Tally:
    """`submitters` and `lookers` clients for `seconds`; what they saw, merged."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    until = time.monotonic() + seconds
    share = [(submitters // PROCESSES + (i < submitters % PROCESSES),
              lookers // PROCESSES + (i < lookers % PROCESSES)) for i in range(PROCESSES)]
    workers = [context.Process(target=_process, args=(port, paths, s, lk, f"{marker}-p{i}",
                                                      until, queue))
               for i, (s, lk) in enumerate(share) if s or lk]
    for worker in workers:
        worker.start()
    total = Tally()
    for _ in workers:
        total.merge(queue.get(timeout=seconds + 300))
    for worker in workers:
        worker.join(timeout=30)
    return total
