"""Choosing the next pair: the fewest answers first, then the closest call, never a repeat."""

from __future__ import annotations

from itertools import combinations

from consult.pairwise.pairing import Tally, choose_pair, closeness, salt_of


def test_the_first_item_is_the_one_with_the_fewest_answers():
    tallies = [Tally(1, 9, 9), Tally(2, 1, 0), Tally(3, 5, 5), Tally(4, 8, 8)]
    assert 2 in choose_pair(tallies, set(), salt_of("someone"))


def test_its_partner_is_the_closest_call():
    # Item 1 has the fewest answers; 3 has nearly its share of wins, 2 and 4 are far off.
    tallies = [Tally(1, 2, 2), Tally(2, 40, 2), Tally(3, 5, 5), Tally(4, 2, 40)]
    assert set(choose_pair(tallies, set(), salt_of("someone"))) == {1, 3}


def test_an_uncertain_item_is_a_closer_call_than_a_known_one_at_the_same_distance():
    first = Tally(1, 10, 10)
    assert closeness(first, Tally(2, 3, 1)) < closeness(first, Tally(3, 40, 20))  # both ~2/3


def test_never_the_same_item_twice_nor_a_pair_already_seen():
    tallies = [Tally(i) for i in range(1, 6)]
    seen: set[frozenset[int]] = set()
    for _ in range(10):  # the 10 pairs of 5 items, each once
        left, right = choose_pair(tallies, seen, salt_of("k-browser"))
        assert left != right and frozenset((left, right)) not in seen
        seen.add(frozenset((left, right)))
    assert seen == {frozenset(pair) for pair in combinations(range(1, 6), 2)}
    assert choose_pair(tallies, seen, salt_of("k-browser")) is None


def test_when_the_first_item_has_no_partner_left_the_next_one_is_tried():
    tallies = [Tally(1), Tally(2, 3, 3), Tally(3, 4, 4)]
    seen = {frozenset((1, 2)), frozenset((1, 3))}
    assert set(choose_pair(tallies, seen, salt_of("u7"))) == {2, 3}


def test_people_arriving_together_get_different_pairs_and_sides():
    tallies = [Tally(i) for i in range(1, 9)]
    shown = [choose_pair(tallies, set(), salt_of(f"k{n}")) for n in range(40)]
    assert len({frozenset(pair) for pair in shown}) > 10
    lower_left = sum(left < right for left, right in shown)
    assert 5 < lower_left < 35
