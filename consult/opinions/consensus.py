"""How each opinion group voted on each statement, and where each statement stands.

Counts per group and statement (agree, disagree, pass), the published rule for common
ground and divisive ideas, Pol.is's group-informed consensus and its representative
statements (math/src/polismath/math/repness.clj and conversation.clj). No Flask, no
database.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COMMON_GROUND = "common_ground"
DIVISIVE = "divisive"
NEITHER = "neither"
TOO_FEW_VOTES = "too_few_votes"
Z_90 = 1.2816  # one-sided 90 % significance, as Pol.is
TOLERANCE = 1e-9  # so that 0.7 - 0.4 counts as the 30 points it is


@dataclass(frozen=True)
class GroupStatementStats:
    """Per group (rows) and statement (columns): how many agreed, disagreed and passed."""

    agree: np.ndarray
    disagree: np.ndarray
    passed: np.ndarray

    @property
    def seen(self) -> np.ndarray:
        """Votes cast, passes included."""
        return self.agree + self.disagree + self.passed

    def agree_share(self) -> np.ndarray:
        """agree / (agree + disagree + pass) among the group's members who voted on the
        statement (a pass counts in the denominator, as in Pol.is); NaN if none did."""
        seen = self.seen
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(seen > 0, self.agree / np.maximum(seen, 1), np.nan)


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement that sets a group apart: `share` of the group's voters agreed (or
    disagreed), `ratio` times as likely as the other groups (smoothed); `z` is the test."""

    statement: int
    direction: str  # "agree" or "disagree"
    share: float
    ratio: float
    z: float
    seen: int


def group_statement_stats(votes: np.ndarray, labels: np.ndarray, k: int) -> GroupStatementStats:
    """Count the votes (1 agree, -1 disagree, 0 pass, NaN not seen) of each group.

    `labels` gives the group of each row of `votes`; rows labelled -1 are left out.
    """
    votes = np.asarray(votes, dtype=float)
    labels = np.asarray(labels)
    counts = {value: np.zeros((k, votes.shape[1]), dtype=int) for value in (1, -1, 0)}
    for group in range(k):
        members = votes[labels == group]
        for value, table in counts.items():
            table[group] = (members == value).sum(axis=0)
    return GroupStatementStats(counts[1], counts[-1], counts[0])


def agree_spread(stats: GroupStatementStats) -> np.ndarray:
    """Largest minus smallest agree share among the groups that voted on each statement;
    NaN where fewer than two groups did."""
    shares = stats.agree_share()
    voted = (~np.isnan(shares)).sum(axis=0)
    spread = np.full(shares.shape[1], np.nan)
    enough = voted >= 2
    spread[enough] = np.nanmax(shares[:, enough], axis=0) - np.nanmin(shares[:, enough], axis=0)
    return spread


def classify(stats: GroupStatementStats, min_votes: int = 20, common: float = 0.60,
             divisive: float = 0.30, total_votes: np.ndarray | None = None) -> list[str]:
    """Where each statement stands: common ground, divisive, neither or too few votes.

    A statement with fewer than `min_votes` votes in total (by default those of the grouped
    participants; `total_votes` can count everyone's) is neither: too few votes. It is
    common ground when every group voted on it and each group's agree share is at least
    `common`; divisive when the groups' agree shares differ by at least `divisive`. Both can
    hold (0.62 and 0.95); then common ground wins, as everyone largely agrees.
    """
    shares = stats.agree_share()
    spread = agree_spread(stats)
    totals = stats.seen.sum(axis=0) if total_votes is None else np.asarray(total_votes)
    kinds = []
    for column in range(shares.shape[1]):
        column_shares = shares[:, column]
        if totals[column] < min_votes:
            kinds.append(TOO_FEW_VOTES)
        elif len(column_shares) and np.all(column_shares >= common - TOLERANCE):
            kinds.append(COMMON_GROUND)
        elif spread[column] >= divisive - TOLERANCE:
            kinds.append(DIVISIVE)
        else:
            kinds.append(NEITHER)
    return kinds


def group_informed_consensus(stats: GroupStatementStats) -> np.ndarray:
    """Pol.is's group-informed consensus of each statement: the product over groups of the
    smoothed agree probability (agree + 1) / (seen + 2), passes counted as seen."""
    return np.prod((stats.agree + 1) / (stats.seen + 2), axis=0)


def representative_statements(stats: GroupStatementStats, group: int,
                              top: int = 5) -> list[RepresentativeStatement]:
    """The statements that most set `group` apart from the other groups, as Pol.is picks them.

    For each statement, the group's smoothed agree probability pa = (agree + 1) / (seen + 2)
    is compared with the other groups' together: the ratio ra and a two-proportion z-test
    rat; likewise for disagree. A statement is kept when both the group's own test and the
    comparison are significant at 90 % one-sided (z > 1.2816), for agree or for disagree,
    whichever compares more strongly. The best `top` by ratio × test × probability × own
    test, agreed ones first. Unlike Pol.is, no statement is added when none passes.
    """
    seen = stats.seen
    chosen = []
    for statement in range(seen.shape[1]):
        found = {direction: _compare(counts[group, statement], seen[group, statement],
                                     counts[:, statement].sum() - counts[group, statement],
                                     seen[:, statement].sum() - seen[group, statement])
                 for direction, counts in (("agree", stats.agree),
                                           ("disagree", stats.disagree))}
        direction = "agree" if found["agree"][2] > found["disagree"][2] else "disagree"
        probability, ratio, z, own_z = found[direction]
        if z > Z_90 and own_z > Z_90:
            successes = (stats.agree if direction == "agree" else stats.disagree)[group, statement]
            chosen.append((ratio * z * probability * own_z, RepresentativeStatement(
                statement, direction, float(successes / seen[group, statement]), float(ratio),
                float(z), int(seen[group, statement]))))
    chosen.sort(key=lambda pair: -pair[0])
    best = [statement for _, statement in chosen[:top]]
    return sorted(best, key=lambda item: item.direction != "agree")


def _compare(successes: int, trials: int, rest_successes: int,
             rest_trials: int) -> tuple[float, float, float, float]:
    """(smoothed probability, ratio to the rest, two-proportion z, own z) as in repness.clj."""
    probability = (successes + 1) / (trials + 2)
    ratio = probability / ((rest_successes + 1) / (rest_trials + 2))
    return (probability, ratio, _two_proportion_z(successes, rest_successes, trials, rest_trials),
            _proportion_z(successes, trials))


def _proportion_z(successes: int, trials: int) -> float:
    """Pol.is's test of a proportion above one half, with one pseudo-count."""
    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def _two_proportion_z(successes_in: int, successes_out: int, trials_in: int,
                      trials_out: int) -> float:
    """Pol.is's two-proportion z-test (group against the rest), one pseudo-count each."""
    s_in, s_out, n_in, n_out = successes_in + 1, successes_out + 1, trials_in + 1, trials_out + 1
    pooled = (s_in + s_out) / (n_in + n_out)
    if pooled >= 1:
        return 0.0
    return float((s_in / n_in - s_out / n_out)
                 / np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out)))
