"""A round's results: turnout, distribution, support, consensus, Borda points, amendments by
support."""

from __future__ import annotations

import math

import pytest

from consult.assemblies import results as round_results
from consult.assemblies import rounds
from consult.assemblies import setup as assemblies
from tests.assemblies.services.helpers import propose, voting
from tests.fixtures.assemblies import SEATS


def test_results_give_turnout_distribution_support_and_consensus(db, round_, panel,
                                                                  facilitator):
    voting(db, facilitator, round_)
    budget, crossings = round_.items
    for member in panel[:3]:
        rounds.rate(db.session, member, budget, 1)
    for member, value in zip(panel[:4], [-1, -1, 1, 1], strict=True):
        rounds.rate(db.session, member, crossings, value)
    db.session.flush()
    by_title = {r.item.title: r for r in round_results.results(db.session, round_)}

    unanimous = by_title["Open budget data"]
    assert unanimous.members == SEATS and unanimous.ratings == 3
    assert unanimous.turnout == 0.5
    assert unanimous.distribution == {-1: 0, 0: 0, 1: 3}
    assert unanimous.support == 1.0
    assert unanimous.consensus == 1.0 and not unanimous.divided

    split = by_title["Safer crossings"]
    assert split.turnout == pytest.approx(4 / 6)
    assert split.distribution == {-1: 2, 0: 0, 1: 2}
    assert split.support == 0.5
    assert split.consensus == pytest.approx(0.0) and split.divided


def test_turnout_counts_a_member_who_rated_then_dropped_out_once(db, round_, panel,
                                                                 facilitator):
    voting(db, facilitator, round_)
    budget = round_.items[0]
    for member in panel:
        rounds.rate(db.session, member, budget, 1)
    assemblies.drop_out(db.session, facilitator, panel[0])
    db.session.flush()
    [result, _] = round_results.results(db.session, round_)
    assert result.ratings == SEATS and result.members == SEATS
    assert result.turnout == 1.0


def test_results_of_an_item_nobody_rated(db, round_):
    [result, _] = round_results.results(db.session, round_)
    assert result.ratings == 0 and result.turnout == 0.0
    assert result.support is None and result.consensus is None and not result.divided


@pytest.mark.parametrize(("distribution", "expected"), [
    ({-1: 0, 0: 7, 1: 0}, 1.0),
    ({1: 4}, 1.0),
    ({-1: 3, 0: 0, 1: 3}, 0.0),
    ({1: 2, 2: 0, 3: 0, 4: 0, 5: 2}, 0.0),
    ({1: 0, 2: 0, 3: 0, 4: 4, 5: 4}, pytest.approx(1 + math.log2(7 / 8))),
    ({-1: 0, 0: 0, 1: 0}, None),
])
def test_consensus_is_one_for_unanimity_and_zero_for_an_even_split_between_the_ends(
        distribution, expected):
    assert round_results.consensus(distribution) == expected


def test_consensus_grows_as_ratings_gather(db):
    spread = round_results.consensus({-1: 2, 0: 2, 1: 2})
    gathered = round_results.consensus({-1: 1, 0: 4, 1: 1})
    assert 0 < spread < gathered < 1


def test_rankings_give_borda_points_and_first_places(db, round_, panel, facilitator):
    voting(db, facilitator, round_)
    budget, crossings = (item.id for item in round_.items)
    rounds.rank(db.session, panel[0], round_, [crossings, budget])
    db.session.flush()
    rounds.rank(db.session, panel[0], round_, [budget, crossings])  # replaces the first
    rounds.rank(db.session, panel[1], round_, [budget, crossings])
    rounds.rank(db.session, panel[2], round_, [crossings, budget])
    db.session.flush()
    by_id = {r.item.id: r for r in round_results.results(db.session, round_)}
    assert (by_id[budget].borda, by_id[budget].first_places) == (2, 2)
    assert (by_id[crossings].borda, by_id[crossings].first_places) == (1, 1)


def test_results_list_amendments_by_support(db, round_, panel):
    less = propose(db, panel[0], round_, "Publish it yearly.")
    more = propose(db, panel[1], round_, "Publish it monthly.")
    rounds.support(db.session, panel[2], more)
    db.session.flush()
    [result, _] = round_results.results(db.session, round_)
    assert result.amendments == [more, less]
