"""Which two items a voter sees next. No Flask, no database.

The rule, cheap enough to run on every page:

1. **First item: the fewest answers.** Every item gets its share of comparisons, new or
   unlucky ones first, as in All Our Ideas.
2. **Second item: the closest call.** Each item's share of wins so far is smoothed as the mean
   of a Beta(wins + 1, losses + 1) distribution, r = (wins + 1) / (wins + losses + 2), with
   variance u = r(1 − r) / (wins + losses + 3). The partner is the item whose r is nearest the
   first item's *relative to their uncertainty*, z = |r₁ − r₂| / √(u₁ + u₂): two items whose
   order is least known, because their scores are close or because either has few answers.
   That answer tells the most about the ranking.
3. **Never the same item twice, never a pair this voter has seen** (either way round). When
   the first item has no partner left for this voter, the next item in rule 1's order is
   tried; when no pair is left, the voter has seen them all.

Ties are broken by a number drawn from the voter, so that people who arrive at the same moment
do not all get the same pair; which item goes left is drawn the same way, so that neither side
of the screen favours the stronger item.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    """An item's answers so far ("I can't decide" counts as an answer, not a win)."""

    item_id: int
    wins: int = 0
    losses: int = 0
    undecided: int = 0

    @property
    def answers(self) -> int:
        return self.wins + self.losses + self.undecided

    @property
    def rate(self) -> float:
        return (self.wins + 1) / (self.wins + self.losses + 2)

    @property
    def variance(self) -> float:
        rate = self.rate
        return rate * (1 - rate) / (self.wins + self.losses + 3)


def salt_of(voter: str) -> int:
    """A stable number for a voter (an account id or a browser key, as text)."""
    return zlib.crc32(voter.encode())


def _jitter(salt: int, *ids: int) -> int:
    return zlib.crc32(f"{salt}:{':'.join(map(str, ids))}".encode())


def closeness(first: Tally, second: Tally) -> float:
    """How well the order of two items is known: small when it is not (rule 2)."""
    return abs(first.rate - second.rate) / math.sqrt(first.variance + second.variance)


def choose_pair(tallies: list[Tally], seen: set[frozenset[int]],
                salt: int) -> tuple[int, int] | None:
    """(left item id, right item id) for the voter who has seen the pairs `seen`; None when
    they have seen every pair."""
    by_answers = sorted(tallies, key=lambda t: (t.answers, _jitter(salt, t.item_id)))
    for first in by_answers:
        partners = [t for t in tallies if t.item_id != first.item_id
                    and frozenset((first.item_id, t.item_id)) not in seen]
        if not partners:
            continue
        second = min(partners, key=lambda t: (closeness(first, t),
                                              _jitter(salt, first.item_id, t.item_id)))
        if _jitter(salt, second.item_id, first.item_id) % 2:
            return first.item_id, second.item_id
        return second.item_id, first.item_id
    return None
