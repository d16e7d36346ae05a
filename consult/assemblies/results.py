"""A round's results: per agenda item, turnout, the distribution of ratings, the share in
support, a consensus measure that shows where the assembly is divided, the ranking's Borda
points, and the amendments by support."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.assemblies.models import AgendaItem, Amendment, Ranking, Rating, RatingScale, Round
from consult.assemblies.rounds import scale_of
from consult.assemblies.setup import members

DIVIDED_BELOW = 0.5  # consensus under this: the assembly is divided on the item


@dataclass
class ItemResult:
    item: AgendaItem
    members: int
    distribution: dict[int, int]  # scale value -> ratings
    ratings: int = 0
    support: float | None = None  # share of ratings in support
    consensus: float | None = None  # 1: everyone agrees; 0: split between the two ends
    borda: int = 0
    first_places: int = 0
    amendments: list[Amendment] = field(default_factory=list)

    @property
    def turnout(self) -> float:
        return self.ratings / self.members if self.members else 0.0

    @property
    def divided(self) -> bool:
        return self.consensus is not None and self.consensus < DIVIDED_BELOW


def consensus(distribution: dict[int, int]) -> float | None:
    """Tastle and Wierman's consensus on an ordinal scale (2007): 1 when every rating is the
    same, 0 when they are split evenly between the two ends of the scale."""
    total = sum(distribution.values())
    if not total:
        return None
    values = sorted(distribution)
    width = values[-1] - values[0]
    if not width:  # a single value given: every rating is the same
        return 1.0
    mean = sum(v * n for v, n in distribution.items()) / total
    score = 1.0
    for value, count in distribution.items():
        if count:
            score += count / total * math.log2(1 - abs(value - mean) / width)
    return max(0.0, min(1.0, score))


def is_support(round_: Round, value: int) -> bool:
    return value >= 1 if round_.assembly.rating_scale is RatingScale.THREE else value >= 4


def results(session: Session, round_: Round) -> list[ItemResult]:
    """Per item: turnout, the distribution, the share in support, consensus, the ranking's Borda
    points, and its amendments by support."""
    scale = scale_of(round_)
    item_ids = [item.id for item in round_.items]
    ratings = session.scalars(select(Rating).where(Rating.item_id.in_(item_ids))).all()
    # Members who dropped out after rating still took part: the turnout counts them among
    # those who could rate, so it never passes 100 %.
    entitled = len({m.id for m in members(round_.assembly)} | {r.member_id for r in ratings})
    by_item = {item.id: ItemResult(item=item, members=entitled,
                                   distribution=dict.fromkeys(scale, 0))
               for item in round_.items}
    for rating in ratings:
        result = by_item[rating.item_id]
        result.distribution[rating.value] += 1
        result.ratings += 1
    for result in by_item.values():
        if result.ratings:
            backing = sum(n for v, n in result.distribution.items() if is_support(round_, v))
            result.support = backing / result.ratings
            result.consensus = consensus(result.distribution)
    for ranking in session.scalars(select(Ranking).where(Ranking.round_id == round_.id)):
        ranked = [i for i in ranking.item_ids if i in by_item]
        for place, item_id in enumerate(ranked):
            by_item[item_id].borda += len(ranked) - 1 - place
        if ranked:
            by_item[ranked[0]].first_places += 1
    for amendment in session.scalars(select(Amendment).where(Amendment.item_id.in_(by_item))):
        by_item[amendment.item_id].amendments.append(amendment)
    for result in by_item.values():
        result.amendments.sort(key=lambda a: (-len(a.supports), a.id))
    return list(by_item.values())
