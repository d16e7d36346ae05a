"""Downloads written as they are read: JSON whose lists arrive row by row, and CSV tables.

Either way the text comes out in chunks of about `CHUNK` characters, however many rows there
are, so a download of any size needs the memory of one chunk and one batch of rows. No Flask,
no database.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from consult.core.csv_files import SafeDictWriter

CHUNK = 64 * 1024

_dumps = partial(json.dumps, ensure_ascii=False, sort_keys=True)


def chunked(pieces: Iterable[str], size: int = CHUNK) -> Iterator[str]:
    """`pieces` joined into strings of at least `size` characters (the last one shorter)."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def json_document(document: dict) -> Iterator[str]:
    """`document` as JSON (keys sorted, UTF-8 text as it is). A value that is an iterator, such
    as a generator of rows, becomes an array written one row a line as the rows are read."""
    return chunked(itertools.chain(_pieces(document), ("\n",)))


def _pieces(value) -> Iterator[str]:
    if isinstance(value, dict):
        yield "{"
        for number, key in enumerate(sorted(value)):
            yield f"{',' if number else ''}\n{_dumps(key)}: "
            yield from _pieces(value[key])
        yield "\n}"
    elif isinstance(value, Iterator):
        separator = "[\n"
        for row in value:
            yield separator + _dumps(row)
            separator = ",\n"
        yield "[]" if separator == "[\n" else "\n]"
    else:
        yield _dumps(value)


def csv_table(columns: Sequence[str], rows: Iterable[dict]) -> Iterator[str]:
    """A header of `columns`, then one line per row; lists and objects are written as JSON in
    their cell; text that a spreadsheet would run as a formula is neutralised
    (consult.core.csv_files)."""
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: json.dumps(value, ensure_ascii=False)
                         if isinstance(value, list | dict) else value
                         for key, value in row.items()})
        if out.tell() >= CHUNK:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
