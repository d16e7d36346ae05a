"""A round's results: per agenda item, what each ballot type tallies (for rating: turnout, the
distribution, the share in support and consensus; for ranking: Borda points), and the
amendments by support."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.assemblies import ballots
from consult.assemblies.ballots.rating import consensus
from consult.assemblies.models import AgendaItem, Amendment, Round

__all__ = ["ItemResult", "consensus", "results"]  # consensus: its tests read it here


@dataclass
class ItemResult:
    """An item's results. `tallies` holds each ballot type's figures under its name; their
    attributes read as the result's own (`result.support`, `result.borda`)."""

    item: AgendaItem
    tallies: dict[str, Any] = field(default_factory=dict)
    amendments: list[Amendment] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        for tally in self.__dict__.get("tallies", {}).values():
            if hasattr(tally, name):
                return getattr(tally, name)
        raise AttributeError(name)


def results(session: Session, round_: Round) -> list[ItemResult]:
    """Per item: each registered ballot type's tally, and its amendments by support."""
    items = list(round_.items)
    by_item = {item.id: ItemResult(item=item) for item in items}
    for ballot in ballots.registered():
        for item_id, tally in ballot.tally(session, round_, items).items():
            by_item[item_id].tallies[ballot.name] = tally
    for amendment in session.scalars(select(Amendment).where(Amendment.item_id.in_(by_item))):
        by_item[amendment.item_id].amendments.append(amendment)
    for result in by_item.values():
        result.amendments.sort(key=lambda a: (-len(a.supports), a.id))
    return list(by_item.values())
