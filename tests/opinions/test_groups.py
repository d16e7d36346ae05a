"""opinion_groups: Pol.is's method on small vote matrices whose groups are known."""

from __future__ import annotations

import numpy as np
import pytest

from consult.opinions.groups import opinion_groups
from consult.opinions.polis_files import VoteMatrix

NOT_SEEN = np.nan


def blocs(patterns: list[list[int]], sizes: list[int], noise: float = 0.0,
          unseen: float = 0.0, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Votes of blocs that each vote one pattern, with some votes flipped or not seen;
    and each row's bloc."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for bloc, (pattern, size) in enumerate(zip(patterns, sizes, strict=True)):
        for _ in range(size):
            row = np.array(pattern, dtype=float)
            row[rng.random(len(row)) < noise] *= -1
            row[rng.random(len(row)) < unseen] = NOT_SEEN
            rows.append(row)
            truth.append(bloc)
    return np.array(rows), np.array(truth)


def same_partition(labels: np.ndarray, truth: np.ndarray) -> bool:
    pairs = set(zip(labels.tolist(), truth.tolist(), strict=True))
    return len(pairs) == len(set(labels.tolist())) == len(set(truth.tolist()))


def test_opinion_groups_two_opposite_blocs_are_the_two_groups():
    votes, truth = blocs([[1] * 10, [-1] * 10], [12, 8])
    result = opinion_groups(votes)
    assert result.k == 2
    assert result.participants == [str(row) for row in range(20)]
    assert same_partition(result.labels, truth)
    assert result.sizes == [12, 8]
    assert result.labels[0] == 0  # the larger bloc is group 0


def test_opinion_groups_two_noisy_blocs_with_unseen_votes_are_found():
    votes, truth = blocs([[1] * 8 + [-1] * 8, [-1] * 8 + [1] * 8], [30, 30],
                         noise=0.1, unseen=0.3)
    grouped = (~np.isnan(votes)).sum(axis=1) >= 7
    result = opinion_groups(votes)
    assert result.k == 2
    assert same_partition(result.labels, truth[grouped])
    assert result.silhouette[2] == max(result.silhouette.values())


def test_opinion_groups_three_blocs_are_three_groups():
    agree, disagree = [1] * 5, [-1] * 5
    votes, truth = blocs([agree + disagree + disagree, disagree + agree + disagree,
                          disagree + disagree + agree], [25, 20, 15], noise=0.05)
    result = opinion_groups(votes)
    assert result.k == 3
    assert same_partition(result.labels, truth)
    assert result.sizes == [25, 20, 15]
    assert result.silhouette[3] == max(result.silhouette.values())
    assert result.coordinates.shape == (60, 2)


def test_opinion_groups_leaves_out_participants_under_the_minimum():
    votes, _ = blocs([[1] * 10, [-1] * 10], [10, 10], noise=0.1)
    votes[[3, 15], 4:] = NOT_SEEN  # four votes each
    votes[7, 7:] = NOT_SEEN  # seven votes: enough
    result = opinion_groups(VoteMatrix([f"p{n}" for n in range(20)],
                                       [str(n) for n in range(10)], votes))
    assert result.excluded == 2
    assert "p3" not in result.participants and "p15" not in result.participants
    assert "p7" in result.participants
    assert result.rows.tolist() == [n for n in range(20) if n not in (3, 15)]
    assert len(result.labels) == len(result.coordinates) == 18


def test_opinion_groups_minimum_is_at_most_the_number_of_statements():
    votes, truth = blocs([[1] * 5, [-1] * 5], [6, 6], noise=0.1)
    result = opinion_groups(votes, min_votes=7)
    assert result.parameters["threshold"] == 5
    assert result.excluded == 0 and result.k == 2
    assert same_partition(result.labels, truth)


def test_opinion_groups_without_anyone_at_the_minimum_has_no_groups_and_a_reason():
    votes, _ = blocs([[1] * 10, [-1] * 10], [5, 5], noise=0.1)
    votes[:, 6:] = NOT_SEEN
    result = opinion_groups(votes)
    assert result.k == 0
    assert result.participants == [] and result.sizes == []
    assert result.excluded == 10
    assert result.reason == "Nobody has voted on at least 7 ideas yet."


@pytest.mark.parametrize("people", [1, 2])
def test_opinion_groups_with_too_few_people_has_no_groups(people):
    votes, _ = blocs([[1] * 8, [-1] * 8], [people, 3], noise=0.0)
    votes[people:] = NOT_SEEN
    result = opinion_groups(votes)
    assert result.k == 0
    assert result.reason.startswith(f"Only {people} ")


def test_opinion_groups_when_everyone_votes_alike_is_one_opinion():
    result = opinion_groups(np.ones((10, 8)))
    assert result.k == 0
    assert "voted alike" in result.reason


def test_opinion_groups_same_votes_and_seed_give_the_same_groups():
    votes, _ = blocs([[1] * 6 + [-1] * 6, [-1] * 6 + [1] * 6, [1] * 12], [70, 60, 50],
                     noise=0.25, unseen=0.2, seed=4)
    first, second = opinion_groups(votes, seed=3), opinion_groups(votes, seed=3)
    assert first.k == second.k
    assert first.labels.tolist() == second.labels.tolist()
    assert np.array_equal(first.coordinates, second.coordinates)
    assert first.silhouette == second.silhouette
    assert first.parameters == second.parameters


def test_opinion_groups_records_its_parameters():
    votes, _ = blocs([[1] * 10, [-1] * 10], [15, 15], noise=0.1)
    result = opinion_groups(votes, min_votes=8, seed=5, k_range=(2, 4))
    parameters = result.parameters
    assert parameters["method"].startswith("polis")
    assert (parameters["min_votes"], parameters["seed"], parameters["k_range"]) == (8, 5, [2, 4])
    assert 2 <= parameters["base_clusters"] <= 30
    assert max(result.silhouette) <= 4


def test_opinion_groups_counts_a_set_aside_statement_as_a_pass_from_everyone():
    votes, _ = blocs([[1] * 10, [-1] * 10], [15, 15], noise=0.2, unseen=0.2)
    votes[:, 4] = np.where(np.arange(30) % 3 == 0, 1, -1)  # seen by all: the same people vote
    statements = [str(n) for n in range(10)]
    aside = opinion_groups(VoteMatrix([str(n) for n in range(30)], statements, votes),
                           set_aside=["4"])
    zeroed = votes.copy()
    zeroed[:, 4] = 0
    assert aside.parameters["set_aside"] == 1
    assert np.allclose(aside.coordinates, opinion_groups(zeroed).coordinates)
    assert aside.labels.tolist() == opinion_groups(zeroed).labels.tolist()
    assert not np.allclose(aside.coordinates, opinion_groups(votes).coordinates)
