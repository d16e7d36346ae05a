"""Where a round stands, as its pages show it: the rule lives in the service, not the page."""

from __future__ import annotations

from datetime import timedelta

from consult.assemblies import rounds
from consult.assemblies.models import RoundStage


def test_an_open_round_in_deliberation(round_):
    state = rounds.now_in(round_)
    assert (state.open, state.deliberating, state.voting, state.upcoming, state.closed) == (
        True, True, False, False, False)


def test_an_open_round_in_the_vote(round_):
    round_.stage = RoundStage.VOTE
    state = rounds.now_in(round_)
    assert state.voting and not state.deliberating and state.open


def test_a_round_not_yet_open_lets_no_one_act(round_):
    state = rounds.now_in(round_, round_.opens_at - timedelta(minutes=1))
    assert state.upcoming and not state.open and not state.deliberating


def test_a_round_past_its_closing_time_is_not_open_but_not_closed_for_results(round_):
    state = rounds.now_in(round_, round_.closes_at)
    assert not state.open and not state.closed and not state.upcoming


def test_a_round_closed_for_results(round_):
    round_.stage = RoundStage.RESULTS
    state = rounds.now_in(round_)
    assert state.closed and not state.open and not state.voting
