"""Open data: everything public, as JSON (validated by consult/schemas/) or CSV tables.

No personal data: no author, email, account or demographic; anonymous ideas stay anonymous;
answers and assessments without who drafted, reviewed or wrote them. Only public consultations,
published ideas, published plans and commitments, published (or since corrected) answers,
published assessments.

The exports are written as they are read, a batch of rows at a time
(consult.record.open_data_tables, consult.record.writers): the same memory at 100,000 ideas as
at 100.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import Session

from consult.core.base import utcnow
from consult.record import writers
from consult.record.batches import BATCH
from consult.record.open_data_tables import COLUMNS, READERS

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "open-data.schema.json"
FORMAT_VERSION = "1.2"
TABLES = tuple(COLUMNS)


def document(session: Session, size: int = BATCH) -> dict:
    """The open data, each table a generator of its rows: nothing is read until it is
    written, `size` rows at a time."""
    return {"format": "consult-open-data", "version": FORMAT_VERSION,
            "generated_at": utcnow().isoformat(),
            "tables": {table: READERS[table](session, size) for table in TABLES}}


def json_chunks(session: Session, size: int = BATCH) -> Iterator[str]:
    """The open data as one JSON document, in chunks."""
    return writers.json_document(document(session, size))


def csv_chunks(session: Session, table: str, size: int = BATCH) -> Iterator[str]:
    """One table as CSV, header first, in chunks."""
    return writers.csv_table(COLUMNS[table], READERS[table](session, size))


def write(session: Session, out: Path, fmt: str, size: int = BATCH) -> list[Path]:
    """Write the open data to `out` as it is read: one JSON file, or a folder with one CSV per
    table."""
    if fmt == "json":
        _write(out, json_chunks(session, size))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = out / f"{table}.csv"
        _write(path, csv_chunks(session, table, size))
        written.append(path)
    return written


def _write(path: Path, chunks: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(chunks)
