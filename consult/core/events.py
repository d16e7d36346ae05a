"""Writing and verifying the hash-chained event log.

Services call `record()` inside the transaction of the change they log, so the change and
its event are committed together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from consult.core.base import utcnow
from consult.core.event import Event
from consult.core.organisation import Organisation
from consult.core.scoping import OrganisationScoped
from consult.core.tenancy import NoOrganisation, current_organisation_id, organisation_of
from consult.core.user import User
from consult.database import claim_write

GENESIS = "0" * 64
_CHAIN_LOCK = text("SELECT pg_advisory_xact_lock(727001, :organisation)")


def content_hash(event: Event) -> str:
    """SHA-256 of the event's content and its predecessor's hash, in canonical JSON."""
    content = {
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "payload": event.payload,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_chain(session: Session, organisation_id: int) -> None:
    # Writers append one at a time, and read the chain's end only once they hold the lock.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_CHAIN_LOCK, {"organisation": organisation_id})
    else:
        claim_write(session)


def _chain_of(session: Session, obj: object | None) -> int:
    """The organisation whose chain records a change of `obj` (the session's for none)."""
    if isinstance(obj, Organisation):
        return obj.id
    if isinstance(obj, OrganisationScoped):
        return organisation_of(session, obj)
    if (organisation_id := current_organisation_id(session)) is None:
        raise NoOrganisation(f"an event on {type(obj).__name__} belongs to no organisation")
    return organisation_id


def _last_hash(session: Session, organisation_id: int) -> str:
    return session.scalar(select(Event.hash).where(Event.organisation_id == organisation_id)
                          .order_by(Event.id.desc()).limit(1)) or GENESIS


def record(
    session: Session,
    actor: User | None,
    action: str,
    obj: object | None = None,
    payload: dict | None = None,
) -> Event:
    """Append one event for `action` on `obj` by `actor` (None for the system or anonymous)."""
    return record_many(session, actor, action, [(obj, payload)])[0]


def record_many(
    session: Session,
    actor: User | None,
    action: str,
    changes: list[tuple[object | None, dict | None]],
) -> list[Event]:
    """Append one event for `action` per (object, payload), in order, to the chain of their
    organisation (each organisation has its own): the chain's end is read once and the
    events are written in one flush (an import of 10,000 ideas)."""
    session.flush()  # so each object has its id and its organisation
    organisation_id = _chain_of(session, changes[0][0])
    _lock_chain(session, organisation_id)
    previous = _last_hash(session, organisation_id)
    occurred_at = utcnow()
    appended = []
    for obj, payload in changes:
        event = Event(
            organisation_id=organisation_id,
            occurred_at=occurred_at,
            actor_id=actor.id if actor is not None else None,
            action=action,
            object_type=type(obj).__name__.lower() if obj is not None else "system",
            object_id=getattr(obj, "id", None),
            payload=payload or {},
            prev_hash=previous,
        )
        event.hash = previous = content_hash(event)
        appended.append(event)
    session.add_all(appended)  # inserted in this order, so ids follow the chain
    session.flush()
    return appended


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""
    last_hash: str = GENESIS  # of the last intact event: compare it with the published one
    expected_id: int | None = None  # the event whose hash is the one looked for, if any

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def iter_events(session: Session, organisation_id: int,
                batch: int = 1000) -> Iterator[Event]:
    """The events of one organisation's chain, in order."""
    last_id = 0
    while rows := session.scalars(
        select(Event).where(Event.organisation_id == organisation_id, Event.id > last_id)
        .order_by(Event.id).limit(batch)
    ).all():
        yield from rows
        last_id = rows[-1].id
        for row in rows:
            session.expunge(row)


def verify_chain(session: Session, organisation_id: int,
                 expect: str | None = None) -> ChainReport:
    """Recompute every hash of an organisation's chain in order; report the first row whose
    content or link is wrong, and which event, if any, has the hash `expect`."""
    return verify_events(iter_events(session, organisation_id), expect)


def verify_events(events: Iterable[Event], expect: str | None = None) -> ChainReport:
    """Check a sequence of events, in order, from the first one (from a database or a file).
    A chain cut short is still a valid chain: only `expect`, a hash published earlier, shows
    that events are missing (no event of the chain has it)."""
    expected_prev = GENESIS
    checked, expected_id = 0, None
    for event in events:
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.id, "link to the previous row does not match",
                               expected_prev, expected_id)
        if content_hash(event) != event.hash:
            return ChainReport(checked, event.id, "content does not match its hash",
                               expected_prev, expected_id)
        if event.hash == expect:
            expected_id = event.id
        expected_prev = event.hash
        checked += 1
    return ChainReport(checked, last_hash=expected_prev, expected_id=expected_id)
