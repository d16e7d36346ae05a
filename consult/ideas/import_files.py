"""Uploaded CSV files of ideas, kept between the upload and the mapping of their columns, and
after the import (its refused rows are given back exactly as uploaded)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core.base import utcnow
from consult.core.csv_reading import MAX_BYTES
from consult.core.errors import NotFound
from consult.core.user import User
from consult.ideas.csv_rows import CsvColumns, RowError, read_rows, read_table
from consult.ideas.import_models import IdeaImport
from consult.ideas.models import Channel

PREVIEW_ROWS = 5
PENDING_FOR = timedelta(days=1)  # an upload never mapped is deleted after this
# Column names that say what they hold, in the exports facilitators bring (Pol.is, forms…).
KNOWN_NAMES = {
    "text": ("text", "comment", "comment-body", "idea", "body", "content"),
    "title": ("title",), "source_id": ("id", "comment-id", "source id", "source_id"),
    "original_date": ("timestamp", "created", "created_at", "written"),
    "date": ("received", "date received", "received_at"), "area": ("area", "district"),
    "language": ("language", "lang"), "question": ("question",), "email": ("email", "e-mail"),
    "channel": ("channel",),
}


@dataclass(frozen=True)
class Preview:
    header: list[str]
    rows: list[list[str]]


def keep_upload(session: Session, actor: User, consultation: Consultation, filename: str,
                data: bytes, limit: int = MAX_BYTES) -> IdeaImport:
    """Keep an uploaded file until its columns are mapped, once it is known to be a readable
    CSV file with a header. It replaces the facilitator's earlier upload for this consultation
    that was never imported, and uploads left unmapped for a day are deleted."""
    read_table(data, limit)  # refuses an empty, oversized or non-UTF-8 file
    session.execute(delete(IdeaImport).where(
        IdeaImport.imported_at.is_(None),
        ((IdeaImport.consultation_id == consultation.id)
         & (IdeaImport.uploaded_by_id == actor.id))
        | (IdeaImport.created_at < utcnow() - PENDING_FOR)))
    record = IdeaImport(consultation_id=consultation.id, uploaded_by_id=actor.id,
                        filename=(filename or "")[:255], data=data)
    session.add(record)
    session.flush()
    return record


def recent_imports(session: Session, consultation: Consultation,
                   limit: int = 20) -> list[IdeaImport]:
    """The consultation's latest imports, newest first, each with its page (and undo)."""
    return list(session.scalars(
        select(IdeaImport).where(IdeaImport.consultation_id == consultation.id,
                                 IdeaImport.imported_at.is_not(None))
        .order_by(IdeaImport.imported_at.desc(), IdeaImport.id.desc()).limit(limit)))


def pending_upload(session: Session, actor: User, consultation: Consultation,
                   import_id: int) -> IdeaImport:
    """The facilitator's own upload waiting to be mapped; nobody else's."""
    record = session.get(IdeaImport, import_id)
    if (record is None or record.consultation_id != consultation.id
            or record.uploaded_by_id != actor.id or record.imported_at is not None):
        raise NotFound(_l("This upload is no longer waiting to be imported. Upload the file "
                          "again."))
    return record


def preview(record: IdeaImport, rows: int = PREVIEW_ROWS) -> Preview:
    """The file's columns and its first rows, as the facilitator sees them in a spreadsheet."""
    header, reader = read_table(record.data, MAX_BYTES)
    try:
        first = [row for row in islice(reader, rows)]
    except csv.Error:
        first = []  # the import reports the line; the preview shows what it could read
    return Preview(header, first)


def guessed_columns(header: list[str]) -> dict[str, str]:
    """A first mapping from the columns' names, for the facilitator to correct."""
    by_name = {name.casefold(): name for name in header}
    return {key: by_name[name] for key, names in KNOWN_NAMES.items()
            for name in reversed(names) if name in by_name}


def remember_mapping(record: IdeaImport, columns: CsvColumns, all_or_nothing: bool) -> None:
    """Keep the mapping last tried, so that the refused rows can be downloaded."""
    record.mapping, record.all_or_nothing = columns.mapping(), all_or_nothing


def refused_rows(record: IdeaImport, consultation: Consultation) -> list[RowError]:
    """The rows of the file that the last mapping refused, with their reasons."""
    if not record.mapping:
        return []
    columns = CsvColumns.from_mapping(record.mapping)
    return read_rows(record.data, columns, consultation, Channel.PAPER).errors


def refused_csv(record: IdeaImport, consultation: Consultation) -> str:
    """The refused rows as a CSV file: the file's own columns, unchanged, then the line and
    the reason, to fix and upload again."""
    header, _rows = read_table(record.data, MAX_BYTES)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*header, str(_l("line")), str(_l("reason refused"))])
    for error in refused_rows(record, consultation):
        cells = list(error.cells) + [""] * (len(header) - len(error.cells))
        writer.writerow([*cells, error.line, str(error.reason)])
    return "\ufeff" + out.getvalue()  # a BOM: spreadsheets then read it as UTF-8
