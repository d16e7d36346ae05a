"""Voting on ideas: one vote per account or browser, changed not doubled, and the rules."""

import pytest
from sqlalchemy import func, select

from consult.core.errors import ConsultError, NotAllowed, NotFound
from consult.models import OpinionVote, Phase, Stance, Submission, SubmissionStatus
from consult.opinions import voting


def vote(db, idea, voter, stance=Stance.AGREE, consultation=None):
    cast = voting.cast_vote(db.session, idea, voter, stance, consultation)
    db.session.commit()
    return cast


def test_a_browser_votes_once_and_changes_its_vote(db, create_consultation, create_submission):
    idea = create_submission(create_consultation(phase=Phase.ANALYSIS))
    browser = voting.Voter(None, "a" * 64)
    vote(db, idea, browser, Stance.AGREE)
    vote(db, idea, browser, Stance.DISAGREE)
    assert db.session.scalar(select(func.count(OpinionVote.id))) == 1
    assert voting.vote_of(db.session, idea, browser) is Stance.DISAGREE
    db.session.refresh(idea)
    assert idea.vote_count == 1


def test_accounts_and_browsers_each_count_once(db, create_consultation, create_submission,
                                               create_user):
    idea = create_submission(create_consultation())
    resident = create_user("resident")
    vote(db, idea, voting.Voter(resident, None), Stance.PASS)
    vote(db, idea, voting.Voter(None, "b" * 64), Stance.AGREE)
    vote(db, idea, voting.Voter(resident, None), Stance.AGREE)
    db.session.refresh(idea)
    assert idea.vote_count == 2
    stances = db.session.scalars(select(OpinionVote.stance).order_by(OpinionVote.id)).all()
    assert stances == [Stance.AGREE, Stance.AGREE]


@pytest.mark.parametrize("status", [SubmissionStatus.HIDDEN, SubmissionStatus.WITHDRAWN,
                                    SubmissionStatus.PENDING])
def test_only_published_ideas_take_votes(db, create_consultation, create_submission, status):
    idea = create_submission(create_consultation(), status=status)
    with pytest.raises(NotAllowed) as refused:
        voting.cast_vote(db.session, idea, voting.Voter(None, "c" * 64), Stance.AGREE)
    assert "published" in str(refused.value.message)


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.CLOSED, Phase.ANSWERED])
def test_voting_is_closed_outside_the_idea_and_analysis_phases(db, create_consultation,
                                                               create_submission, phase):
    idea = create_submission(create_consultation(phase=phase))
    with pytest.raises(NotAllowed) as refused:
        voting.cast_vote(db.session, idea, voting.Voter(None, "d" * 64), Stance.AGREE)
    assert "closed" in str(refused.value.message)


def test_an_idea_of_another_consultation_is_refused(db, create_consultation, create_submission):
    here, there = create_consultation(), create_consultation()
    idea = create_submission(there)
    with pytest.raises(NotFound):
        voting.cast_vote(db.session, idea, voting.Voter(None, "e" * 64), Stance.AGREE, here)


def test_a_vote_other_than_agree_disagree_or_pass_is_refused():
    assert voting.stance_of("pass") is Stance.PASS
    with pytest.raises(ConsultError) as refused:
        voting.stance_of("maybe")
    assert "agree, disagree or pass" in str(refused.value.message)


def test_the_next_idea_has_the_fewest_votes_and_skips_own_and_voted(
        db, create_consultation, create_submission, create_user):
    consultation = create_consultation()
    resident = create_user("resident")
    popular = create_submission(consultation, "Popular idea")
    quiet = create_submission(consultation, "Quiet idea")
    own = create_submission(consultation, "My own idea", author=resident)
    create_submission(consultation, "Hidden idea", status=SubmissionStatus.HIDDEN)
    for n in range(3):
        vote(db, popular, voting.Voter(None, f"{n}" * 64))
    me = voting.Voter(resident, None)
    assert voting.next_idea(db.session, consultation, me).id == quiet.id
    vote(db, quiet, me)
    assert voting.next_idea(db.session, consultation, me).id == popular.id
    vote(db, popular, me)
    assert voting.next_idea(db.session, consultation, me) is None
    assert own.id not in {quiet.id, popular.id}
    progress = voting.progress(db.session, consultation, me)
    assert (progress.voted, progress.ideas) == (2, 3)


def test_votes_on_an_idea_hidden_later_leave_the_progress(db, create_consultation,
                                                          create_submission):
    consultation = create_consultation()
    idea = create_submission(consultation)
    browser = voting.Voter(None, "f" * 64)
    vote(db, idea, browser)
    idea.status = SubmissionStatus.HIDDEN
    db.session.commit()
    assert voting.progress(db.session, consultation, browser).voted == 0
    assert db.session.get(Submission, idea.id).vote_count == 1  # the vote itself is kept
