"""The rows of another platform's export, read alike from CSV or JSON.

Decidim and CONSUL publish the same records as CSV (nested fields flattened as
``title/en``) and as JSON (nested objects); both become flat dicts here, so each platform's
reader names a field one way. HTML bodies become plain text.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from consult.core.csv_reading import csv_delimiter
from consult.core.plain_text import clean

MAX_BYTES = 200 * 1024 * 1024
# Keys around the records in an API's answer.
WRAPPERS = {"data", "proposals", "debates", "comments", "results", "totalCount"}


class PlatformFileError(Exception):
    """A file that is not the export it was given as; the message says what is wrong."""


@dataclass(frozen=True)
class ForeignIdea:
    """One contribution on the other platform, as it becomes an idea."""

    source_id: str  # "decidim:proposal:12": unique per consultation, so a re-import adds nothing
    title: str
    text: str
    language: str | None
    supports: int
    written_at: datetime | None
    withdrawn: bool = False
    reply_to: str | None = None  # a comment's proposal, by its source id


def read_records(path: str | Path) -> list[dict[str, str]]:
    """Every record of a CSV or JSON file (plain or gzip), flattened."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PlatformFileError(f"{path}: cannot be read ({error.strerror}).") from None
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) > MAX_BYTES:
        raise PlatformFileError(f"{path}: larger than {MAX_BYTES // 2**20} MB.")
    try:
        text = clean(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PlatformFileError(f"{path}: not UTF-8 text.") from None
    if not text.strip():
        raise PlatformFileError(f"{path}: empty.")
    if text.lstrip()[:1] in "[{":
        return [_flat(record) for record in _json_records(path, text)]
    lines = text.splitlines()
    reader = csv.DictReader(io.StringIO(text), delimiter=csv_delimiter(lines[0]))
    return [{key.strip(): (value or "") for key, value in row.items() if key}
            for row in reader]


def _json_records(path: Path, text: str) -> list[dict]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlatformFileError(f"{path}: not valid JSON ({error.msg}, line {error.lineno})."
                                ) from None
    while isinstance(document, dict):
        # CONSUL's API answers {"data": {"proposals": {"edges": [{"node": {…}}]}}}.
        if isinstance(document.get("edges"), list):
            document = [edge.get("node", edge) if isinstance(edge, dict) else edge
                        for edge in document["edges"]]
        elif isinstance(document.get("nodes"), list):
            document = document["nodes"]
        else:
            inner = [value for value in document.values() if isinstance(value, (dict, list))]
            if len(inner) != 1 or set(document) - WRAPPERS:
                break
            document = inner[0]
    if not isinstance(document, list) or not all(isinstance(r, dict) for r in document):
        raise PlatformFileError(f"{path}: JSON, but not a list of records.")
    return document


def _flat(record: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flat(value, f"{name}/"))
        elif value is not None and not isinstance(value, list):
            flat[name] = str(value)
    return flat


def translated(record: dict[str, str], field: str, language: str | None = None
               ) -> tuple[str, str | None]:
    """The text of ``field`` and its language: ``field`` itself, or its ``field/<language>``
    column in ``language`` if given and filled, else the first filled one."""
    if record.get(field, "").strip():
        return record[field], None
    columns = [(key.split("/", 1)[1], value) for key, value in record.items()
               if key.startswith(f"{field}/") and value.strip()]
    columns.sort(key=lambda column: column[0] != language)
    # Decidim keeps machine translations under "machine_translations/<language>".
    columns = [c for c in columns if not c[0].startswith("machine_translations")] or columns
    if not columns:
        return "", None
    name, value = columns[0]
    return value, name.rsplit("/", 1)[-1][:10]


def plain(html: str) -> str:
    """The text of an HTML body, paragraphs and line breaks kept as new lines."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


class _Text(HTMLParser):
    BREAKS = {"p", "br", "li", "div", "h1", "h2", "h3", "h4", "tr", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def number(value: str) -> int:
    """A count of the export: 0 when empty or not a whole number."""
    try:
        return max(0, int(float(value)))
    except (TypeError, ValueError):
        return 0


def moment(value: str) -> datetime | None:
    """An export's date and time (ISO 8601, as both platforms write them), or None."""
    value = (value or "").strip().replace(" UTC", "+00:00")
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    return found.replace(tzinfo=UTC) if found and found.tzinfo is None else found


def required(path: str | Path, records: list[dict[str, str]], columns: set[str],
             what: str) -> None:
    """Refuse a file that does not have the columns of ``what``."""
    if not records:
        raise PlatformFileError(f"{path}: no records.")
    present = {key.split("/", 1)[0] for key in records[0]}
    missing = sorted(columns - present)
    if missing:
        raise PlatformFileError(f"{path}: not {what}: it has no {', '.join(missing)} "
                                f"column (it has {', '.join(sorted(present)[:8])}).")

