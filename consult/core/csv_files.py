"""CSV cells that a spreadsheet will not run: the one place every CSV writer goes through.

A cell that starts with = + - @, a tab or a carriage return is read by Excel, LibreOffice and
Google Sheets as a formula (`=HYPERLINK("http://evil.example", "click")`), so text a resident
wrote could act when an official opens an export. Such a cell gets a leading apostrophe,
which spreadsheets show as plain text (OWASP's advice for "CSV injection"). Numbers are
written as they are: only text is changed. No Flask, no database: the NLP tools use it too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value`, with a leading apostrophe if it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeDictWriter(csv.DictWriter):
    """csv.DictWriter whose every value goes through `safe_cell` (the header too)."""

    def writeheader(self):
        return self.writer.writerow(safe_row(self.fieldnames))

    def writerow(self, rowdict):
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)


class SafeWriter:
    """csv.writer whose every value goes through `safe_cell`."""

    def __init__(self, handle, **options) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
