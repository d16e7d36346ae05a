"""The open-data tables of the opinion map: every vote on a published idea, anonymous, and the
current run's groups, members and statements.

A participant is shown as a pseudonym: a keyed hash of who they are (their account or browser
key) with the installation's secret, the same in every table, which nobody outside can turn
back into the person.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.consultations.services import PUBLIC_PHASES
from consult.ideas.models import Submission, SubmissionStatus
from consult.opinions.models import (
    OpinionGroup,
    OpinionMember,
    OpinionRun,
    OpinionStatement,
    OpinionVote,
)
from consult.record.batches import pages
from consult.themes.models import RunStatus

COLUMNS: dict[str, tuple[str, ...]] = {
    "votes": ("consultation_id", "submission_id", "participant", "stance"),
    "opinion_groups": ("run_id", "consultation_id", "group", "size", "algorithm", "seed",
                       "min_votes", "finished_at"),
    "opinion_members": ("run_id", "participant", "group"),
    "opinion_statements": ("run_id", "submission_id", "votes", "agree", "disagree", "pass",
                           "classification", "consensus", "group_votes"),
}
Rows = Iterator[dict]


def pseudonym(participant: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"participant:{participant}".encode(), hashlib.sha256).hexdigest()[:16]


def _public_ideas(statement: Select, submission_id) -> Select:
    return statement.join(Submission, Submission.id == submission_id).where(
        Submission.status == SubmissionStatus.PUBLISHED,
        Submission.consultation_id.in_(
            select(Consultation.id).where(Consultation.phase.in_(PUBLIC_PHASES))))


def _shown_runs() -> Select:
    return select(OpinionRun).where(
        OpinionRun.current.is_(True), OpinionRun.status == RunStatus.SUCCEEDED,
        OpinionRun.consultation_id.in_(
            select(Consultation.id).where(Consultation.phase.in_(PUBLIC_PHASES))))


def votes(session: Session, size: int) -> Rows:
    statement = _public_ideas(
        select(OpinionVote.id, OpinionVote.consultation_id, OpinionVote.submission_id,
               OpinionVote.user_id, OpinionVote.voter_key, OpinionVote.stance),
        OpinionVote.submission_id)
    for page in pages(session, statement, OpinionVote.id, size):
        for _, consultation_id, submission_id, user_id, key, stance in page:
            who = f"u{user_id}" if user_id is not None else f"k{key}"
            yield {"consultation_id": consultation_id, "submission_id": submission_id,
                   "participant": pseudonym(who), "stance": stance.value}


def opinion_groups(session: Session, size: int) -> Rows:
    for run in session.scalars(_shown_runs().order_by(OpinionRun.id)).all():
        for group in session.scalars(select(OpinionGroup).where(OpinionGroup.run_id == run.id)
                                     .order_by(OpinionGroup.position)):
            yield {"run_id": run.id, "consultation_id": run.consultation_id,
                   "group": group.letter, "size": group.size, "algorithm": run.algorithm,
                   "seed": run.seed, "min_votes": run.min_votes,
                   "finished_at": run.finished_at.isoformat() if run.finished_at else None}


def opinion_members(session: Session, size: int) -> Rows:
    for run_id in session.scalars(_shown_runs().with_only_columns(OpinionRun.id)
                                  .order_by(OpinionRun.id)).all():
        statement = select(OpinionMember.id, OpinionMember.participant,
                           OpinionMember.position).where(OpinionMember.run_id == run_id)
        for page in pages(session, statement, OpinionMember.id, size):
            for _, participant, position in page:
                yield {"run_id": run_id, "participant": pseudonym(participant),
                       "group": chr(ord("A") + position)}


def opinion_statements(session: Session, size: int) -> Rows:
    for run_id in session.scalars(_shown_runs().with_only_columns(OpinionRun.id)
                                  .order_by(OpinionRun.id)).all():
        statement = _public_ideas(select(
            OpinionStatement.id, OpinionStatement.submission_id, OpinionStatement.votes,
            OpinionStatement.agree, OpinionStatement.disagree, OpinionStatement.passed,
            OpinionStatement.classification, OpinionStatement.consensus,
            OpinionStatement.by_group).where(OpinionStatement.run_id == run_id),
            OpinionStatement.submission_id)
        for page in pages(session, statement, OpinionStatement.id, size):
            for _, idea, counted, agree, disagree, passed, kind, consensus, by_group in page:
                yield {"run_id": run_id, "submission_id": idea, "votes": counted,
                       "agree": agree, "disagree": disagree, "pass": passed,
                       "classification": kind.value, "consensus": round(consensus, 4),
                       "group_votes": by_group}


READERS: dict[str, Callable[[Session, int], Rows]] = {
    "votes": votes, "opinion_groups": opinion_groups, "opinion_members": opinion_members,
    "opinion_statements": opinion_statements,
}
