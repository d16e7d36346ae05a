"""Ranking: each member orders the round's commitments, most preferred first. Its results per
commitment: Borda points and first places."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from consult.assemblies import rounds
from consult.assemblies.ballots import BallotType, posted_number
from consult.assemblies.models import AgendaItem, Ranking, Round, Volunteer


@dataclass
class RankingTally:
    borda: int = 0  # one point for every commitment a member placed after it
    first_places: int = 0


class RankingBallot(BallotType):
    name = "ranking"
    label = _l("Ranked")
    partial = "assemblies/ballots/_ranking.html"
    counted_as = "ranked"
    saved = _l("Your ranking is saved. You can change it until voting closes.")
    anchor = "ranking"
    endpoint = "assemblies.rank"

    def read(self, round_: Round, form: MultiDict) -> list[int]:
        return [posted_number(place) for place in form.getlist("place")]

    def record(self, session: Session, member: Volunteer | None, round_: Round,
               ballot: list[int]) -> None:
        rounds.rank(session, member, round_, ballot)

    def mine(self, session: Session, round_: Round, member: Volunteer) -> dict:
        ranking = session.scalar(select(Ranking.item_ids).where(
            Ranking.round_id == round_.id, Ranking.member_id == member.id))
        ranked = [item for item in round_.items if item.commitment_id]
        return {"ranked": ranked, "ranking": ranking or [item.id for item in ranked]}

    def tally(self, session: Session, round_: Round,
              items: list[AgendaItem]) -> dict[int, RankingTally]:
        by_item = {item.id: RankingTally() for item in items}
        for ranking in session.scalars(select(Ranking).where(Ranking.round_id == round_.id)):
            ranked = [i for i in ranking.item_ids if i in by_item]
            for place, item_id in enumerate(ranked):
                by_item[item_id].borda += len(ranked) - 1 - place
            if ranked:
                by_item[ranked[0]].first_places += 1
        return by_item

    def votes(self, session: Session, round_: Round) -> Counter:
        return Counter(session.scalars(select(Ranking.member_id)
                                       .where(Ranking.round_id == round_.id)))
