"""The public record: the event log as a file anyone can download and verify offline."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core.event import Event
from consult.core.events import ChainReport, iter_events, verify_events

FIELDS = ("id", "occurred_at", "actor_id", "action", "object_type", "object_id", "payload",
          "prev_hash", "hash")


def latest_hash(session: Session, organisation_id: int) -> str | None:
    """The hash of the organisation's last event: publish it, and nobody can rewrite the
    record unseen."""
    return session.scalar(select(Event.hash).where(Event.organisation_id == organisation_id)
                          .order_by(Event.id.desc()).limit(1))


def export_lines(session: Session, organisation_id: int) -> Iterator[str]:
    """The organisation's whole chain, one JSON object per line, oldest first."""
    for event in iter_events(session, organisation_id):
        row = {name: getattr(event, name) for name in FIELDS}
        row["occurred_at"] = event.occurred_at.isoformat()
        yield json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"


class MalformedRecord(ValueError):
    """A line of the file is not an event; the message names the line."""


def _parse(lines: Iterable[str]) -> Iterator[Event]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            yield Event(**{**{name: row[name] for name in FIELDS},
                           "occurred_at": datetime.fromisoformat(row["occurred_at"])})
        except (ValueError, KeyError, TypeError) as error:
            raise MalformedRecord(f"line {number} is not an event: {error}") from None


def verify_lines(lines: Iterable[str], expect: str | None = None) -> ChainReport:
    """Check a downloaded record; raises MalformedRecord for a line that is not an event."""
    return verify_events(_parse(lines), expect)
