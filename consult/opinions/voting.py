"""Residents vote agree, disagree or pass on ideas, and can change their vote.

One vote per idea per account, or per anonymous browser (the supporter cookie's key). Votes
are opinion data, not decisions: the vote row is their record (with when it last changed), and
they stay out of the event log, whose chain would make every vote wait for every other.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, Phase
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotAllowed, NotFound
from consult.core.user import User
from consult.ideas.models import Submission, SubmissionStatus
from consult.opinions.models import OpinionVote, Stance

# The idea phase and the analysis phase: Pol.is conversations vote while statements come in.
VOTING_PHASES = (Phase.OPEN, Phase.ANALYSIS)


@dataclass(frozen=True)
class Voter:
    """Who votes: an account, else an anonymous browser's key."""

    user: User | None
    key: str | None

    def owns(self) -> ColumnElement[bool]:
        if self.user is not None:
            return OpinionVote.user_id == self.user.id
        return OpinionVote.voter_key == self.key


def is_voting_open(consultation: Consultation) -> bool:
    return consultation.phase in VOTING_PHASES


def stance_of(value: str | None) -> Stance:
    try:
        return Stance(value)
    except ValueError:
        raise ConsultError(_l("Choose agree, disagree or pass.")) from None


def check_votable(submission: Submission, consultation: Consultation | None = None) -> None:
    """Refuse a vote the rules do not allow, with the reason."""
    if consultation is not None and submission.consultation_id != consultation.id:
        raise NotFound(_l("This idea is not part of this consultation."))
    if submission.status is not SubmissionStatus.PUBLISHED:
        raise NotAllowed(_l("Only published ideas can be voted on."))
    if not is_voting_open(submission.consultation):
        raise NotAllowed(_l("Voting on ideas is closed for this consultation."))


def cast_vote(session: Session, submission: Submission, voter: Voter, stance: Stance,
              consultation: Consultation | None = None) -> OpinionVote:
    """Record `voter`'s vote on `submission`, or change the one they gave."""
    check_votable(submission, consultation)
    if voter.user is None and voter.key is None:
        raise ConsultError(_l("Your browser did not keep our cookie; please try again."))
    vote = _existing(session, submission, voter)
    if vote is None:
        vote = _new_vote(session, submission, voter, stance)
        if vote is not None:
            return vote
        vote = _existing(session, submission, voter)  # a double click won the race
    vote.stance, vote.updated_at = stance, utcnow()
    return vote


def _existing(session: Session, submission: Submission, voter: Voter) -> OpinionVote | None:
    return session.scalar(select(OpinionVote).where(
        OpinionVote.submission_id == submission.id, voter.owns()))


def _new_vote(session: Session, submission: Submission, voter: Voter,
              stance: Stance) -> OpinionVote | None:
    vote = OpinionVote(consultation_id=submission.consultation_id, submission_id=submission.id,
                       user_id=voter.user.id if voter.user else None,
                       voter_key=None if voter.user else voter.key, stance=stance)
    try:
        with session.begin_nested():
            session.add(vote)
    except IntegrityError:
        return None
    session.execute(update(Submission).where(Submission.id == submission.id)
                    .values(vote_count=Submission.vote_count + 1))
    return vote


def vote_of(session: Session, submission: Submission, voter: Voter) -> Stance | None:
    if voter.user is None and voter.key is None:
        return None
    return session.scalar(select(OpinionVote.stance).where(
        OpinionVote.submission_id == submission.id, voter.owns()))


@dataclass(frozen=True)
class Progress:
    voted: int
    ideas: int


def progress(session: Session, consultation: Consultation, voter: Voter) -> Progress:
    ideas = session.scalar(select(func.count(Submission.id)).where(
        *_published(consultation)))
    voted = 0
    if voter.user is not None or voter.key is not None:
        voted = session.scalar(select(func.count(OpinionVote.id)).join(Submission).where(
            OpinionVote.consultation_id == consultation.id, voter.owns(),
            Submission.status == SubmissionStatus.PUBLISHED))
    return Progress(voted=voted, ideas=ideas)


def next_idea(session: Session, consultation: Consultation, voter: Voter) -> Submission | None:
    """The idea this voter should see next: the fewest votes first, so that every idea gets
    enough; never their own, nor one they voted on. Ties are broken per voter, so that people
    voting at the same moment do not all get the same idea."""
    query = select(Submission).where(*_published(consultation))
    if voter.user is not None:
        query = query.where(Submission.author_id.is_(None)
                            | (Submission.author_id != voter.user.id))
    if voter.user is not None or voter.key is not None:
        query = query.where(~exists().where(and_(
            OpinionVote.submission_id == Submission.id, voter.owns())))
    spread = ((Submission.id % 1009) * 37 + _salt(voter)) % 1009  # small: no overflow
    return session.scalar(query.order_by(Submission.vote_count, spread, Submission.id).limit(1))


def _published(consultation: Consultation) -> tuple:
    return (Submission.consultation_id == consultation.id,
            Submission.status == SubmissionStatus.PUBLISHED)


def _salt(voter: Voter) -> int:
    if voter.user is not None:
        return voter.user.id % 1009
    return zlib.crc32((voter.key or "").encode()) % 1009
