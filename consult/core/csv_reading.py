"""Reading a spreadsheet someone uploaded: the bytes checked and decoded, the delimiter found.

Shared by every import: ideas collected offline, an assembly's volunteer pool.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consult.core.errors import ConsultError
from consult.core.plain_text import clean

MAX_BYTES = 2 * 1024 * 1024


class CsvFileError(ConsultError):
    """The file as a whole cannot be read (encoding, size, header…)."""

    status = 422


class CsvTooLarge(CsvFileError):
    status = 413


def decode_csv(data: bytes, limit: int = MAX_BYTES) -> str:
    """The file's text, checked: at most `limit` bytes, UTF-8, not empty."""
    if len(data) > limit:
        raise CsvTooLarge(_l("The file is larger than %(n)s MB. Split it into smaller files.",
                             n=limit // (1024 * 1024)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(_l("The file is not UTF-8 text. Save it as “CSV UTF-8” and try "
                              "again.")) from None
    text = clean(text)  # no NUL, lone surrogate or bidi override reaches the database
    if not text.strip():
        raise CsvFileError(_l("The file is empty."))
    return text


def csv_delimiter(header_line: str) -> str:
    # Spreadsheets in many locales write semicolons, because the comma is their decimal mark.
    return ";" if header_line.count(";") > header_line.count(",") else ","
