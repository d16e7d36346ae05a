"""Pages rendered while the database cannot be reached: nothing on them may query it.

An error page normally shows the site's name, the reader's menu and their profile's
language, all read from the database. When the database is the problem, the page is drawn
from the request alone: the name "Consult", no personal menu, the language of the cookie or
the browser.
"""

from __future__ import annotations

from flask import g, has_request_context

RETRY_AFTER_SECONDS = 10


def mark_database_unavailable() -> None:
    g.database_unavailable = True


def database_unavailable() -> bool:
    return has_request_context() and g.get("database_unavailable", False)
