"""The page a list is asked for: `?page=` read the same way by every paginated page."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from consult.core.ids import database_id

LAST_PAGE = 10_000  # a list is never read further; larger numbers read as this one


def page_number(args: MultiDict, name: str = "page") -> int:
    """`page` (or another parameter, for a page with two lists) from the query string: 1 when
    absent or nonsense, at most LAST_PAGE."""
    try:
        return min(max(database_id(args.get(name)), 1), LAST_PAGE)
    except (TypeError, ValueError):
        return 1
