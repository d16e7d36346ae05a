"""Rating: each member gives every agenda item a value on the assembly's scale. Its results per
item: turnout, the distribution, the share in support and a consensus measure that shows
where the assembly is divided."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from consult.assemblies import rounds
from consult.assemblies.ballots import BallotType, posted_number
from consult.assemblies.models import AgendaItem, Rating, RatingScale, Round, Volunteer
from consult.assemblies.setup import members
from consult.core.errors import ConsultError

DIVIDED_BELOW = 0.5  # consensus under this: the assembly is divided on the item


@dataclass
class RatingTally:
    members: int  # those who could rate the item
    distribution: dict[int, int]  # scale value -> ratings
    ratings: int = 0
    support: float | None = None  # share of ratings in support
    consensus: float | None = None  # 1: everyone agrees; 0: split between the two ends

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


class RatingBallot(BallotType):
    """One form rates every item; an item left without a rating keeps the one it had."""

    name = "rating"
    label = _l("Ratings")
    partial = "assemblies/ballots/_rating.html"
    counted_as = "ratings"
    saved = _l("Your ratings are saved. You can change them until voting closes.")
    endpoint = "assemblies.rate"

    def read(self, round_: Round, form: MultiDict) -> list[tuple[AgendaItem, str]]:
        given = [(item, form[f"item-{item.id}"]) for item in round_.items
                 if form.get(f"item-{item.id}")]
        if not given:
            raise ConsultError(_l("Choose a rating for at least one item."))
        return given

    def record(self, session: Session, member: Volunteer | None, round_: Round,
               ballot: list[tuple[AgendaItem, str]]) -> None:
        for item, value in ballot:
            rounds.rate(session, member, item, posted_number(value))

    def mine(self, session: Session, round_: Round, member: Volunteer) -> dict:
        ids = [item.id for item in round_.items]
        return {"ratings": dict(session.execute(select(Rating.item_id, Rating.value).where(
            Rating.item_id.in_(ids), Rating.member_id == member.id)).all())}

    def tally(self, session: Session, round_: Round,
              items: list[AgendaItem]) -> dict[int, RatingTally]:
        scale = rounds.scale_of(round_)
        ratings = session.scalars(select(Rating).where(
            Rating.item_id.in_([item.id for item in items]))).all()
        # Members who dropped out after rating still took part: the turnout counts them among
        # those who could rate, so it never passes 100 %.
        entitled = len({m.id for m in members(round_.assembly)} | {r.member_id for r in ratings})
        by_item = {item.id: RatingTally(members=entitled, distribution=dict.fromkeys(scale, 0))
                   for item in items}
        for rating in ratings:
            tally = by_item[rating.item_id]
            tally.distribution[rating.value] += 1
            tally.ratings += 1
        for tally in by_item.values():
            if tally.ratings:
                backing = sum(n for v, n in tally.distribution.items() if is_support(round_, v))
                tally.support = backing / tally.ratings
                tally.consensus = consensus(tally.distribution)
        return by_item

    def votes(self, session: Session, round_: Round) -> Counter:
        query = (select(Rating.member_id, func.count())
                 .where(Rating.item_id.in_([item.id for item in round_.items]))
                 .group_by(Rating.member_id))
        return Counter(dict(session.execute(query).all()))
