"""Decidim's open data export: proposals, and the comments on them.

Decidim publishes each space's proposals and comments as CSV and JSON (its proposal and
comment serializers): ``id``, ``title`` and ``body`` per language (``title/en``…), ``state``,
``supports``, ``endorsements/total_count``, ``published_at``; a comment has ``body``,
``locale``, ``commentable_id`` and ``commentable_type``, ``created_at``. A proposal becomes an
idea with its supports; a comment becomes an idea too, remembered as a reply to its proposal.
"""

from __future__ import annotations

from pathlib import Path

from consult.ideas.platforms.records import (
    ForeignIdea,
    PlatformFileError,
    moment,
    number,
    plain,
    read_records,
    required,
    translated,
)

PROPOSALS = {"id", "title", "body"}
COMMENTS = {"id", "body", "commentable_id", "commentable_type"}


def read_decidim(path: str | Path, language: str | None = None) -> list[ForeignIdea]:
    """The proposals or comments of a Decidim export file (CSV or JSON, plain or gzip)."""
    records = read_records(path)
    if records and {key.split("/", 1)[0] for key in records[0]} >= COMMENTS:
        return [comment(record, "decidim") for record in records]
    try:
        required(path, records, PROPOSALS, "a Decidim proposals export")
    except PlatformFileError as error:
        raise PlatformFileError(f"{error} A Decidim comments export has "
                                f"{', '.join(sorted(COMMENTS))}.") from None
    return [_proposal(record, language) for record in records]


def _proposal(record: dict[str, str], language: str | None) -> ForeignIdea:
    title, title_language = translated(record, "title", language)
    body, body_language = translated(record, "body", language)
    supports = number(record.get("supports") or record.get("votes", "")) + number(
        record.get("endorsements/total_count", ""))
    return ForeignIdea(
        source_id=f"decidim:proposal:{record['id'].strip()}", title=plain(title)[:200],
        text=plain(body), language=body_language or title_language, supports=supports,
        written_at=moment(record.get("published_at", "")),
        withdrawn=record.get("state", "").strip() == "withdrawn"
        or bool(record.get("withdrawn_at", "").strip()))


def comment(record: dict[str, str], platform: str) -> ForeignIdea:
    """A comment of a Decidim or CONSUL export, as a reply to what it comments on."""
    kind = record["commentable_type"].rsplit("::", 1)[-1].strip().lower() or "item"
    body, language = translated(record, "body")
    return ForeignIdea(
        source_id=f"{platform}:comment:{record['id'].strip()}", title="", text=plain(body),
        language=(record.get("locale") or language or None),
        supports=number(record.get("cached_votes_up", "")),
        written_at=moment(record.get("created_at") or record.get("public_created_at", "")),
        reply_to=f"{platform}:{kind}:{record['commentable_id'].strip()}")
