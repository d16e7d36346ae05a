"""Opening, closing and publishing rounds, and answering pairs, through the services."""

from __future__ import annotations

import random

import pytest
from scipy.stats import spearmanr
from sqlalchemy import func, select

from consult.core.errors import Conflict, ConsultError, NotAllowed
from consult.models import Event, Phase, SubmissionStatus, Theme
from consult.opinions.voting import Voter
from consult.pairwise import results, rounds, voting
from consult.pairwise.models import PairwiseShown, PairwiseVote, Subject
from tests.pairwise.conftest import THEMES
from tests.pairwise.population import choose


def test_opening_a_round_copies_the_live_themes_and_logs_it(db, themed, open_round):
    round_ = open_round(themed)
    assert [item.text for item in round_.items] == list(THEMES)
    assert all(item.theme_id for item in round_.items)
    assert round_.is_open and rounds.question_of(round_) == "Which matters more to you?"
    assert db.session.scalar(select(Event.action).order_by(Event.id.desc())) == "pairwise.opened"


def test_a_later_theme_change_leaves_the_round_as_it_opened(db, themed, open_round):
    round_ = open_round(themed)
    theme = db.session.scalar(select(Theme).where(Theme.label == THEMES[0]))
    theme.label, theme.retired_at = "Renamed by a new run", round_.opened_at
    db.session.commit()
    db.session.expire_all()
    assert round_.items[0].text == THEMES[0] and len(round_.items) == len(THEMES)


def test_a_round_of_ideas_takes_the_published_ones_title_or_text(db, create_consultation,
                                                                 create_submission, open_round):
    consultation = create_consultation(Phase.OPEN)
    create_submission(consultation, "Plant trees along every school road", title="Trees")
    create_submission(consultation, "Open the pool in the evening")
    create_submission(consultation, "Hidden idea", status=SubmissionStatus.HIDDEN)
    round_ = open_round(consultation, Subject.IDEAS, "  What should come first?  ")
    assert sorted(item.text for item in round_.items) == ["Open the pool in the evening",
                                                          "Trees"]
    assert round_.question == "What should come first?"


def test_a_round_needs_two_items_an_open_phase_and_no_other_open_round(
        db, create_consultation, themed, facilitator, open_round):
    empty = create_consultation(Phase.ANALYSIS)
    with pytest.raises(ConsultError, match="at least two themes"):
        rounds.open_round(db.session, facilitator, empty, Subject.THEMES)
    db.session.rollback()
    closed = create_consultation(Phase.CLOSED)
    with pytest.raises(NotAllowed):
        rounds.open_round(db.session, facilitator, closed, Subject.IDEAS)
    db.session.rollback()
    open_round(themed)
    with pytest.raises(Conflict):
        rounds.open_round(db.session, facilitator, themed, Subject.THEMES)


def test_an_answer_is_stored_once_and_counted(db, themed, open_round):
    round_ = open_round(themed)
    voter = Voter(None, "a-browser-key")
    pair = voting.current_pair(db.session, round_, themed, voter)
    assert voting.current_pair(db.session, round_, themed, voter) == pair  # until answered
    first = voting.answer(db.session, round_, themed, voter, pair.token, str(pair.left.id))
    again = voting.answer(db.session, round_, themed, voter, pair.token, str(pair.right.id))
    db.session.commit()
    assert first.stored and not again.stored
    vote = db.session.scalar(select(PairwiseVote))
    assert (vote.winner_item_id, vote.loser_item_id) == (pair.left.id, pair.right.id)
    assert db.session.scalar(select(func.count(PairwiseVote.id))) == 1
    wins = {item.id: (item.wins, item.losses) for item in round_.items}
    assert wins[pair.left.id] == (1, 0) and wins[pair.right.id] == (0, 1)
    assert voting.current_pair(db.session, round_, themed, voter) != pair


def test_an_undecided_answer_counts_for_neither(db, themed, open_round):
    round_ = open_round(themed)
    voter = Voter(None, "key")
    pair = voting.current_pair(db.session, round_, themed, voter)
    voting.answer(db.session, round_, themed, voter, pair.token, voting.UNDECIDED)
    db.session.commit()
    found = results.round_results(db.session, round_)
    assert (found.comparisons, found.undecided, found.voters) == (0, 1, 1)
    assert {row.item.undecided for row in found.rows} == {0, 1}


@pytest.mark.parametrize("tamper", ["forged", "other_pair", "swapped_items"])
def test_an_answer_to_a_pair_never_shown_is_refused(db, themed, open_round, tamper):
    round_ = open_round(themed)
    voter = Voter(None, "key")
    pair = voting.current_pair(db.session, round_, themed, voter)
    token = {"forged": "not-a-token",
             "other_pair": voting._serializer().dumps([pair_id_of(db) + 1, 1, 2]),
             "swapped_items": voting._serializer().dumps(
                 [pair_id_of(db), pair.right.id, pair.left.id])}[tamper]
    with pytest.raises(ConsultError, match="not shown to you"):
        voting.answer(db.session, round_, themed, voter, token, str(pair.left.id))


def pair_id_of(db):
    return db.session.scalar(select(PairwiseShown.id))


def test_an_answer_from_another_voter_or_for_an_item_not_in_the_pair_is_refused(
        db, themed, open_round):
    round_ = open_round(themed)
    voter = Voter(None, "key")
    pair = voting.current_pair(db.session, round_, themed, voter)
    with pytest.raises(ConsultError, match="another account or browser"):
        voting.answer(db.session, round_, themed, Voter(None, "other"), pair.token,
                      str(pair.left.id))
    outside = next(item.id for item in round_.items if item.id not in (pair.left.id,
                                                                        pair.right.id))
    for choice in (str(outside), "left", "", None, "١"):
        with pytest.raises(ConsultError, match="one of the two"):
            voting.answer(db.session, round_, themed, voter, pair.token, choice)
    assert db.session.scalar(select(func.count(PairwiseVote.id))) == 0


def test_a_closed_round_takes_no_answer(db, themed, open_round, facilitator):
    round_ = open_round(themed)
    voter = Voter(None, "key")
    pair = voting.current_pair(db.session, round_, themed, voter)
    rounds.close_round(db.session, facilitator, round_)
    with pytest.raises(NotAllowed, match="closed"):
        voting.answer(db.session, round_, themed, voter, pair.token, str(pair.left.id))
    assert voting.current_pair(db.session, round_, themed, voter) is None


def test_answers_from_a_simulated_population_rank_the_themes_as_it_prefers(db, themed,
                                                                        open_round):
    round_ = open_round(themed)
    strengths = [1.5, -1.5, 0.5, -0.5, 0.0]  # of THEMES, in order
    index = {item.id: position for position, item in enumerate(round_.items)}
    rng = random.Random(5)
    for person in range(40):
        voter = Voter(None, f"person-{person}")
        for _ in range(10):
            pair = voting.current_pair(db.session, round_, themed, voter)
            winner = choose(rng, strengths, index[pair.left.id], index[pair.right.id])
            choice = voting.UNDECIDED if winner is None else str(round_.items[winner].id)
            voting.answer(db.session, round_, themed, voter, pair.token, choice)
    db.session.commit()
    found = results.round_results(db.session, round_)
    assert found.voters == 40 and found.comparisons + found.undecided == 400
    fitted = {row.item.position: row.score.score for row in found.rows}
    assert spearmanr(strengths, [fitted[i] for i in range(5)]).statistic >= 0.9
    assert found.rows[0].item.text == "Safer cycling"
