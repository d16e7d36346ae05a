"""CONSUL's proposals, debates and comments, from its API or an export.

CONSUL answers its GraphQL API with ``{"data": {"proposals": {"edges": [{"node": …}]}}}`` and
the same fields are found in CSV exports: ``id``, ``title``, ``summary`` (proposals only),
``description`` (HTML), ``cached_votes_up``, ``public_created_at``, ``retired_at``. Comments have
``body``, ``commentable_id`` and ``commentable_type``. A proposal's text is its summary, then its
description.
"""

from __future__ import annotations

from pathlib import Path

from consult.ideas.platforms.decidim import COMMENTS, comment
from consult.ideas.platforms.records import (
    ForeignIdea,
    PlatformFileError,
    moment,
    number,
    plain,
    read_records,
    required,
)

ITEMS = {"id", "title", "description"}


def read_consul(path: str | Path) -> list[ForeignIdea]:
    """The proposals, debates or comments of a CONSUL file (CSV or JSON, plain or gzip)."""
    records = read_records(path)
    columns = {key.split("/", 1)[0] for key in records[0]} if records else set()
    if columns >= COMMENTS:
        return [comment(record, "consul") for record in records]
    try:
        required(path, records, ITEMS, "a CONSUL proposals or debates file")
    except PlatformFileError as error:
        raise PlatformFileError(f"{error} CONSUL comments have "
                                f"{', '.join(sorted(COMMENTS))}.") from None
    kind = "proposal" if "summary" in columns else "debate"
    return [_item(record, kind) for record in records]


def _item(record: dict[str, str], kind: str) -> ForeignIdea:
    parts = [record.get("summary", "").strip(), plain(record.get("description", ""))]
    return ForeignIdea(
        source_id=f"consul:{kind}:{record['id'].strip()}", title=plain(record["title"])[:200],
        text="\n\n".join(part for part in parts if part), language=None,
        supports=number(record.get("cached_votes_up", "")),
        written_at=moment(record.get("public_created_at") or record.get("created_at", "")),
        withdrawn=bool(record.get("retired_at", "").strip()))
