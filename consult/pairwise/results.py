"""What a round's results page shows: each item's score with its interval, and the counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from consult.pairwise import scoring
from consult.pairwise.models import PairwiseItem, PairwiseRound, PairwiseVote


@dataclass(frozen=True)
class Row:
    item: PairwiseItem
    score: scoring.Score


@dataclass(frozen=True)
class Results:
    """The ranking, best first, and what it rests on."""

    rows: list[Row]
    comparisons: int  # answers that chose one of the two
    undecided: int  # "I can't decide"
    voters: int


def _counts(session: Session, round_: PairwiseRound) -> tuple[int, int, int]:
    decided, undecided, accounts, browsers = session.execute(select(
        func.count(PairwiseVote.winner_item_id),
        func.count(PairwiseVote.id) - func.count(PairwiseVote.winner_item_id),
        func.count(distinct(PairwiseVote.user_id)),
        func.count(distinct(PairwiseVote.voter_key)),
    ).where(PairwiseVote.round_id == round_.id)).one()
    return decided, undecided, accounts + browsers


def round_results(session: Session, round_: PairwiseRound) -> Results:
    """Fit the Bradley–Terry model (consult.pairwise.scoring) to the round's answers."""
    items = list(round_.items)
    index = {item.id: position for position, item in enumerate(items)}
    answers = session.execute(
        select(PairwiseVote.winner_item_id, PairwiseVote.loser_item_id, func.count())
        .where(PairwiseVote.round_id == round_.id, PairwiseVote.winner_item_id.is_not(None))
        .group_by(PairwiseVote.winner_item_id, PairwiseVote.loser_item_id))
    wins = scoring.win_matrix(len(items), [(index[winner], index[loser], count)
                                           for winner, loser, count in answers])
    scores = scoring.scores(scoring.fit(wins))
    rows = sorted((Row(item, score) for item, score in zip(items, scores, strict=True)),
                  key=lambda row: (-row.score.score, row.item.position))
    decided, undecided, voters = _counts(session, round_)
    return Results(rows, decided, undecided, voters)


def answer_count(session: Session, round_: PairwiseRound) -> int:
    return session.scalar(select(func.count(PairwiseVote.id)).where(
        PairwiseVote.round_id == round_.id)) or 0
