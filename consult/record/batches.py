"""Reading a table of any length a batch at a time, in constant memory.

Keyset batches: each batch is a query of its own, `WHERE key > <last key read> ORDER BY key
LIMIT size`, so no cursor stays open between batches (a download may be written slowly, to a
phone on a slow line), each batch is found through the key's index whatever its position, and
it works the same on SQLite and PostgreSQL. Rows are plain tuples, not ORM objects: nothing
accumulates in the session.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Row, Select
from sqlalchemy.orm import InstrumentedAttribute, Session

BATCH = 1000


def pages(session: Session, statement: Select, key: InstrumentedAttribute,
          size: int = BATCH, descending: bool = False) -> Iterator[list[Row]]:
    """The rows of `statement` (which selects `key`, unique among its rows) in the order of
    `key`, `size` rows at a time."""
    ordered = statement.order_by(key.desc() if descending else key).limit(size)
    page = session.execute(ordered).all()
    while page:
        yield page
        if len(page) < size:
            return
        last = page[-1]._mapping[key]
        page = session.execute(ordered.where(key < last if descending else key > last)).all()
