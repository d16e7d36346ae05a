"""Group statistics, the common-ground and divisive rule, consensus and representative ideas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from consult.opinions.consensus import (
    COMMON_GROUND,
    DIVISIVE,
    NEITHER,
    TOO_FEW_VOTES,
    GroupStatementStats,
    agree_spread,
    classify,
    group_informed_consensus,
    group_statement_stats,
    representative_statements,
)

N = np.nan


def stats_from_shares(*columns: tuple[tuple[int, int, int], ...]) -> GroupStatementStats:
    """Stats from (agree, disagree, pass) per group, one tuple of groups per statement."""
    table = np.array(columns).transpose(1, 0, 2)  # group × statement × (a, d, p)
    return GroupStatementStats(table[..., 0], table[..., 1], table[..., 2])


def test_group_statement_stats_counts_each_groups_votes():
    votes = np.array([
        [1, 1, N],
        [1, -1, 0],
        [0, N, N],
        [-1, 1, 1],
        [1, 1, -1],
        [N, 0, 1],
    ])
    labels = np.array([0, 0, 0, 0, 1, 1])
    stats = group_statement_stats(votes, labels, 2)
    assert stats.agree.tolist() == [[2, 2, 1], [1, 1, 1]]
    assert stats.disagree.tolist() == [[1, 1, 0], [0, 0, 1]]
    assert stats.passed.tolist() == [[1, 0, 1], [0, 1, 0]]
    assert stats.seen.tolist() == [[4, 3, 2], [1, 2, 2]]
    shares = stats.agree_share()
    # a pass counts in the denominator: 2 agree of 4 who voted (1 passed)
    assert shares[0].tolist() == [0.5, 2 / 3, 0.5]
    assert shares[1].tolist() == [1.0, 0.5, 0.5]


def test_group_statement_stats_leaves_out_ungrouped_rows_and_unseen_groups():
    votes = np.array([[1, N], [-1, 1], [1, 1]])
    stats = group_statement_stats(votes, np.array([0, -1, 1]), 2)
    assert stats.seen.tolist() == [[1, 0], [1, 1]]
    shares = stats.agree_share()
    assert shares[0, 0] == 1.0 and math.isnan(shares[0, 1])


def test_classify_applies_the_published_rule():
    stats = stats_from_shares(
        ((14, 4, 2), (13, 5, 2)),    # 70 % and 65 %: common ground
        ((18, 2, 0), (10, 10, 0)),   # 90 % and 50 %: divisive
        ((31, 10, 9), (19, 1, 0)),   # 62 % and 95 %: both hold, common ground wins
        ((14, 6, 0), (8, 12, 0)),    # 70 % and 40 %: exactly 30 points, divisive
        ((5, 0, 0), (4, 1, 0)),      # 10 votes: too few
        ((10, 10, 0), (12, 8, 0)),   # 50 % and 60 %: neither
        ((25, 0, 0), (0, 0, 0)),     # one group never voted: not common ground
        ((12, 8, 0), (12, 8, 0)),    # 60 % and 60 %: common ground at the threshold
    )
    assert classify(stats) == [COMMON_GROUND, DIVISIVE, COMMON_GROUND, DIVISIVE,
                               TOO_FEW_VOTES, NEITHER, NEITHER, COMMON_GROUND]


def test_classify_thresholds_and_total_votes_can_be_given():
    stats = stats_from_shares(((7, 2, 0), (8, 1, 0)), ((5, 4, 0), (8, 1, 0)))  # 18 votes each
    assert classify(stats) == [TOO_FEW_VOTES, TOO_FEW_VOTES]
    assert classify(stats, total_votes=np.array([25, 25])) == [COMMON_GROUND, DIVISIVE]
    assert classify(stats, min_votes=5, common=0.9, divisive=0.4) == [NEITHER, NEITHER]


def test_agree_spread_needs_two_groups_that_voted():
    stats = stats_from_shares(((9, 1, 0), (5, 5, 0), (7, 3, 0)), ((4, 0, 0), (0, 0, 0),
                                                                   (0, 0, 0)))
    spread = agree_spread(stats)
    assert spread[0] == pytest.approx(0.4)
    assert math.isnan(spread[1])


def test_group_informed_consensus_is_the_product_of_smoothed_agree_probabilities():
    # group 0: 3 agree of 4 seen (one pass) → 4/6; group 1: 1 agree of 3 → 2/5
    stats = stats_from_shares(((3, 0, 1), (1, 2, 0)), ((0, 0, 0), (0, 0, 0)))
    consensus = group_informed_consensus(stats)
    assert consensus[0] == pytest.approx(4 / 6 * 2 / 5)
    assert consensus[1] == pytest.approx(0.25)  # nobody voted: (0 + 1) / (0 + 2), squared


def planted_votes(seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Two groups of 20 voting at random on 8 statements, except statement 5: group 0 agrees,
    group 1 disagrees."""
    rng = np.random.default_rng(seed)
    votes = rng.choice([1.0, -1.0, 0.0], size=(40, 8), p=[0.4, 0.4, 0.2])
    labels = np.repeat([0, 1], 20)
    votes[:20, 5] = 1
    votes[20:, 5] = -1
    votes[20:22, 5] = 0
    return votes, labels


def test_representative_statements_find_the_planted_statement():
    votes, labels = planted_votes()
    stats = group_statement_stats(votes, labels, 2)
    first = representative_statements(stats, 0)
    assert first[0].statement == 5 and first[0].direction == "agree"
    assert first[0].share == 1.0 and first[0].seen == 20
    # smoothed: (20 + 1) / (20 + 2) against (0 + 1) / (20 + 2)
    assert first[0].ratio == pytest.approx(21.0)
    second = representative_statements(stats, 1)
    assert second[0].statement == 5 and second[0].direction == "disagree"
    assert second[0].share == pytest.approx(18 / 20)


def test_representative_statements_z_test_follows_polis():
    # in: 9 agree of 10; rest: 1 of 10; one pseudo-count each as in Pol.is's stats.clj
    stats = stats_from_shares(((9, 1, 0), (1, 9, 0)))
    found = representative_statements(stats, 0)
    pooled = 12 / 22
    expected = (10 / 11 - 2 / 11) / math.sqrt(pooled * (1 - pooled) * (2 / 11))
    assert len(found) == 1 and found[0].z == pytest.approx(expected)


def test_representative_statements_leave_out_what_does_not_set_a_group_apart():
    stats = stats_from_shares(((10, 10, 0), (10, 10, 0)), ((19, 1, 0), (18, 2, 0)))
    assert representative_statements(stats, 0) == []
    assert representative_statements(stats, 1) == []


def test_representative_statements_keep_the_top_and_agreed_first():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1], 30)
    votes = rng.choice([1.0, -1.0], size=(60, 12))
    votes[:30, :4], votes[30:, :4] = -1, 1  # group 0 disagrees with 0–3
    votes[:30, 4:8], votes[30:, 4:8] = 1, -1  # and agrees with 4–7
    found = representative_statements(group_statement_stats(votes, labels, 2), 0, top=6)
    assert len(found) == 6
    directions = [item.direction for item in found]
    assert directions == sorted(directions, key=lambda direction: direction != "agree")
    assert {item.statement for item in found} <= set(range(8))
