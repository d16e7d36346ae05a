"""A consultation written as a Pol.is export (comments.csv and participants-votes.csv), so that
tools made for Pol.is can read it. Participants are numbered in the order of their first vote:
who they are never leaves Consult."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.ideas.models import Submission, SubmissionStatus
from consult.opinions.computing import vote_matrix
from consult.opinions.models import OpinionMember, OpinionVote, Stance
from consult.opinions.polis_files import PolisComment, VoteMatrix, write_comments, write_votes
from consult.opinions.results import current_run

MODERATED = {SubmissionStatus.PUBLISHED: 1, SubmissionStatus.PENDING: 0}  # else -1


def export_polis(session: Session, consultation: Consultation, folder: str | Path) -> int:
    """Write the two files into `folder` (created if needed); the number of participants."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_comments(folder / "comments.csv", comments(session, consultation))
    matrix, groups = anonymous_matrix(session, consultation)
    write_votes(folder / "participants-votes.csv", matrix, groups=groups)
    return len(matrix.participants)


def comments(session: Session, consultation: Consultation) -> list[PolisComment]:
    """Every idea of the consultation as a Pol.is comment, its id as the comment id."""
    counted = (select(OpinionVote.submission_id,
                      func.sum(case((OpinionVote.stance == Stance.AGREE, 1), else_=0))
                      .label("agrees"),
                      func.sum(case((OpinionVote.stance == Stance.DISAGREE, 1), else_=0))
                      .label("disagrees"))
               .where(OpinionVote.consultation_id == consultation.id)
               .group_by(OpinionVote.submission_id).subquery())
    rows = session.execute(
        select(Submission.id, Submission.text, Submission.status, Submission.received_at,
               func.coalesce(counted.c.agrees, 0), func.coalesce(counted.c.disagrees, 0))
        .outerjoin(counted, counted.c.submission_id == Submission.id)
        .where(Submission.consultation_id == consultation.id).order_by(Submission.id))
    return [PolisComment(comment_id=str(idea_id), author_id="", body=text,
                         moderated=MODERATED.get(status, -1), created_at=received_at,
                         agrees=int(agrees), disagrees=int(disagrees))
            for idea_id, text, status, received_at, agrees, disagrees in rows]


def anonymous_matrix(session: Session, consultation: Consultation
                     ) -> tuple[VoteMatrix, dict[str, int]]:
    """The vote matrix with participants as numbers, and the current run's group of each."""
    matrix = vote_matrix(session, consultation.id)
    numbers = {who: str(number) for number, who in enumerate(matrix.participants)}
    run = current_run(session, consultation.id)
    groups = {}
    if run is not None:
        groups = {numbers[who]: position for who, position in session.execute(
            select(OpinionMember.participant, OpinionMember.position)
            .where(OpinionMember.run_id == run.id)) if who in numbers}
    anonymous = VoteMatrix(participants=[numbers[who] for who in matrix.participants],
                           statements=matrix.statements, votes=matrix.votes)
    return anonymous, groups
