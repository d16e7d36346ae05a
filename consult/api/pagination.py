"""Lists read page by page with a cursor: `?limit=` rows after the position the cursor names.

A cursor is the keyset position of the last row sent (its id; its time of change and id when the
list is filtered by `updated_since`), signed with the site's secret (itsdangerous) for the list's
own address. A client can only give back a cursor this list wrote: one edited, or taken to
another list or another filter, is refused with a 400, and its content never reaches a query
unread. Each page is one query, `WHERE key > position ORDER BY key LIMIT n + 1`, found through
the key's index wherever it starts; a row added or removed meanwhile neither repeats nor skips
the rows after it, as an offset would.

`updated_since` keeps the rows whose time of change is at or after the moment given (ISO 8601
with a time zone), oldest change first, so that a client that saves the last time it read can
ask only for what changed since.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import Session

from consult.api.errors import ApiError
from consult.core.base import utcnow
from consult.core.ids import database_id

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_SALT = "consult.api.cursor"
# "+02:00" sent unencoded in a query string arrives as " 02:00": it can only be an offset.
_OFFSET_AS_SPACE = re.compile(r" (\d{2}(?::?\d{2})?)$")

SINCE_MESSAGE = _l("updated_since must be a date and time in ISO 8601 with its time zone, "
                   "such as 2026-05-01T09:00:00Z.")
CURSOR_MESSAGE = _l("This cursor was not given by this list with these filters, or it was "
                    "changed. Use the next link as it was given, or start again without a cursor.")


@dataclass(frozen=True)
class Listing:
    """What a list view returns: a statement selecting the public rows of one model, the
    unique column they are paged by, their time of change (None where the rows have none, and
    `updated_since` is not offered), and how a page of rows becomes what the schema dumps."""

    statement: Select
    key: object  # a mapped attribute, unique among the rows
    changed: object | None = None
    annotate: Callable[[list], list] | None = None


@dataclass(frozen=True)
class PageRequest:
    limit: int
    since: datetime | None
    after: tuple | None  # (key,) or (time of change, key) of the last row sent


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"{CURSOR_SALT}:{request.path}")


def read_limit(text: str | None) -> int:
    if not text:
        return DEFAULT_LIMIT
    try:
        limit = database_id(text)
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError("invalid_limit", _l("limit must be a whole number from 1 to %(max)s.",
                                           max=MAX_LIMIT))
    return limit


def read_since(text: str) -> datetime:
    """`text` as a moment in UTC; ApiError if it is not ISO 8601 with a time zone, or is in
    the future (nothing can have changed since then)."""
    try:
        moment = datetime.fromisoformat(_OFFSET_AS_SPACE.sub(r"+\1", text.strip()))
        if moment.tzinfo is None:
            raise ValueError("no time zone")
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ApiError("invalid_updated_since", SINCE_MESSAGE) from None
    if moment > utcnow():
        raise ApiError("invalid_updated_since",
                       _l("updated_since is in the future: nothing can have changed since then."))
    return moment


def _read_cursor(text: str, since: datetime | None) -> tuple:
    try:
        payload = _serializer().loads(text)
    except BadData:
        raise ApiError("invalid_cursor", CURSOR_MESSAGE) from None
    wanted = since.isoformat() if since else None
    after = payload.get("after") if isinstance(payload, dict) else None
    if not isinstance(after, list) or payload.get("since") != wanted \
            or len(after) != (2 if since else 1):
        raise ApiError("invalid_cursor", CURSOR_MESSAGE)
    if since is None:
        return (after[0],)
    try:
        return (datetime.fromisoformat(after[0]), after[1])
    except (TypeError, ValueError):
        raise ApiError("invalid_cursor", CURSOR_MESSAGE) from None


def page_request(since_offered: bool) -> PageRequest:
    """The page asked for by `limit`, `updated_since` and `cursor`; ApiError (400) for any of
    them that cannot be read. An empty value counts as none."""
    limit = read_limit(request.args.get("limit"))
    since_text = request.args.get("updated_since")
    if since_text and not since_offered:
        raise ApiError("invalid_parameter", _l("This list cannot be filtered by updated_since: "
                                               "its rows keep no time of change."))
    since = read_since(since_text) if since_text else None
    cursor = request.args.get("cursor")
    return PageRequest(limit, since, _read_cursor(cursor, since) if cursor else None)


def read_page(session: Session, listing: Listing, wanted: PageRequest) -> Page:
    """One page of the listing's rows in the order of their key (of their change, then their
    key, with `updated_since`), and the cursor of the next page if there is one."""
    statement, key, changed = listing.statement, listing.key, listing.changed
    if wanted.since is not None:
        statement = statement.add_columns(changed).where(changed >= wanted.since)
        order = (changed, key)
        if wanted.after is not None:
            moment, last = wanted.after
            statement = statement.where(or_(changed > moment, and_(changed == moment, key > last)))
    else:
        order = (key,)
        if wanted.after is not None:
            statement = statement.where(key > wanted.after[0])
    rows = session.execute(statement.order_by(*order).limit(wanted.limit + 1)).all()
    shown = rows[:wanted.limit]
    items = [row[0] for row in shown]
    cursor = None
    if len(rows) > wanted.limit:
        last = getattr(items[-1], key.key)
        after = [shown[-1][1].isoformat(), last] if wanted.since is not None else [last]
        cursor = _serializer().dumps({"after": after,
                                      "since": wanted.since.isoformat() if wanted.since else None})
    return Page(listing.annotate(items) if listing.annotate else items, cursor)


def next_link(page: Page, wanted: PageRequest) -> str | None:
    """The address of the next page: this one's, with its filters and the next cursor."""
    if page.next_cursor is None:
        return None
    extra = {"updated_since": wanted.since.isoformat()} if wanted.since else {}
    return url_for(request.endpoint, **(request.view_args or {}), limit=wanted.limit,
                   cursor=page.next_cursor, _external=True, **extra)
