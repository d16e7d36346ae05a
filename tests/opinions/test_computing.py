"""Computing opinion groups from the votes of a consultation, as the worker does."""

import pytest
from sqlalchemy import select

from consult.core.errors import Conflict, ConsultError
from consult.models import (
    Classification,
    OpinionMember,
    OpinionRun,
    OpinionStatement,
    RunStatus,
    Stance,
)
from consult.opinions import computing, voting
from consult.opinions.results import no_groups_message
from tests.opinions.planted import AGREED, IDEAS, PER_BLOC, planted_consultation


def compute(db, consultation, actor=None):
    run = computing.request_run(db.session, actor, consultation)
    db.session.commit()
    computing.execute_run(db.session, run.id)
    return db.session.get(OpinionRun, run.id)


def test_two_blocs_make_two_groups_with_common_ground_and_divisions(
        db, create_consultation, create_submission):
    consultation, ideas = planted_consultation(db, create_consultation, create_submission)
    run = compute(db, consultation)
    assert run.status is RunStatus.SUCCEEDED and run.current
    assert (run.groups_out, run.participants_in, run.participants_out) == (2, 2 * PER_BLOC, 0)
    assert [group.size for group in run.groups] == [PER_BLOC, PER_BLOC]
    assert run.votes_in == 2 * PER_BLOC * IDEAS and run.ideas_in == IDEAS
    members = db.session.execute(select(OpinionMember.participant, OpinionMember.position)
                                 .where(OpinionMember.run_id == run.id)).all()
    by_bloc = {}
    for participant, position in members:
        by_bloc.setdefault(participant.split("-")[0], set()).add(position)
    assert by_bloc["kbloc0"] != by_bloc["kbloc1"] and all(len(g) == 1 for g in by_bloc.values())
    kinds = dict(db.session.execute(select(OpinionStatement.submission_id,
                                           OpinionStatement.classification)
                                    .where(OpinionStatement.run_id == run.id)).all())
    assert {kinds[idea.id] for idea in ideas[:AGREED]} == {Classification.COMMON_GROUND}
    assert {kinds[idea.id] for idea in ideas[AGREED:]} == {Classification.DIVISIVE}
    agreed = db.session.scalar(select(OpinionStatement).where(
        OpinionStatement.run_id == run.id, OpinionStatement.submission_id == ideas[0].id))
    assert agreed.group_shares() == [1.0, 1.0] and agreed.spread == 0.0
    # Pol.is's group-informed consensus: ((12 + 1) / (12 + 2)) squared.
    assert agreed.consensus == pytest.approx((13 / 14) ** 2)
    assert sum(cell[3] for cell in run.map_cells) == 2 * PER_BLOC
    assert all(group.representative for group in run.groups)


def test_a_new_run_replaces_the_current_one(db, create_consultation, create_submission):
    consultation, _ = planted_consultation(db, create_consultation, create_submission)
    first = compute(db, consultation)
    second = compute(db, consultation)
    db.session.refresh(first)
    assert second.current and not first.current
    assert second.parameters["seed"] == 0 and second.parameters["rule"]["common"] == 0.6


def test_nobody_with_enough_votes_means_no_groups_said_plainly(db, create_consultation,
                                                               create_submission):
    consultation = create_consultation()
    ideas = [create_submission(consultation, f"Idea {n}") for n in range(10)]
    for person in range(5):
        for idea in ideas[person * 2:person * 2 + 3]:  # 3 votes each, every idea voted on
            voting.cast_vote(db.session, idea, voting.Voter(None, f"p{person}"), Stance.AGREE)
    db.session.commit()
    run = compute(db, consultation)
    assert run.status is RunStatus.SUCCEEDED and run.groups_out == 0
    assert run.no_groups_reason == "nobody" and run.participants_out == 5
    assert no_groups_message(run) == "Nobody has voted on at least 7 ideas yet."


def test_a_run_needs_votes_and_waits_for_the_one_under_way(db, create_consultation,
                                                           create_submission):
    empty = create_consultation()
    create_submission(empty)
    with pytest.raises(ConsultError) as refused:
        computing.request_run(db.session, None, empty)
    assert "Nobody has voted" in str(refused.value.message)
    db.session.rollback()
    consultation, _ = planted_consultation(db, create_consultation, create_submission)
    computing.request_run(db.session, None, consultation)
    db.session.commit()
    with pytest.raises(Conflict):
        computing.request_run(db.session, None, consultation)


def test_hidden_ideas_leave_the_matrix(db, create_consultation, create_submission):
    consultation, ideas = planted_consultation(db, create_consultation, create_submission)
    ideas[0].status = ideas[0].status.HIDDEN
    db.session.commit()
    matrix = computing.vote_matrix(db.session, consultation.id)
    assert str(ideas[0].id) not in matrix.statements and len(matrix.statements) == IDEAS - 1


def test_the_minimum_counts_every_idea_not_only_those_with_votes(db, create_consultation,
                                                                 create_submission):
    """Pol.is asks for min(7, ideas) votes: three votes do not place anyone among ten ideas,
    even when only three ideas have votes."""
    consultation = create_consultation()
    ideas = [create_submission(consultation, f"Idea {n}") for n in range(10)]
    for person in range(6):
        for idea in ideas[:3]:
            stance = Stance.AGREE if person % 2 else Stance.DISAGREE
            voting.cast_vote(db.session, idea, voting.Voter(None, f"p{person}"), stance)
    db.session.commit()
    run = compute(db, consultation)
    assert run.groups_out == 0 and run.participants_out == 6
    assert run.parameters["threshold"] == 7


def test_the_reason_is_said_in_the_readers_language(app, db, create_consultation,
                                                    create_submission):
    from flask_babel import force_locale

    consultation = create_consultation()
    idea = create_submission(consultation)
    voting.cast_vote(db.session, idea, voting.Voter(None, "only-one"), Stance.AGREE)
    db.session.commit()
    run = compute(db, consultation)
    with app.test_request_context(), force_locale("es"):
        spanish = no_groups_message(run)
    with app.test_request_context():
        assert no_groups_message(run) != spanish
