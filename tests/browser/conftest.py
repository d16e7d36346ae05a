"""A live server and one headless Chromium per session; a fresh browser context per test.

Debian's Chromium (/usr/bin/chromium) is used, never a downloaded one. Without it the browser
tests are skipped, unless CONSULT_REQUIRE_BROWSER=1 (as in CI), where they fail instead.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.browser.support import HOST, Browsing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        """Log nothing per request, so the test output stays readable."""


@pytest.fixture(scope="session")
def live_server(app):
    """The real app on a real threaded server, on a free port of 127.0.0.1."""
    server = make_server(HOST, 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CONSULT_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browsing(browser, live_server, db, app, monkeypatch):
    """Contexts for one test; the idea form accepts a fill time of zero seconds."""
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)
    session = Browsing(browser, live_server)
    yield session
    session.close()
