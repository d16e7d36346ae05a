"""A Pol.is conversation into a consultation: its statements as ideas, its votes as votes.

Pol.is's ids are kept: a comment's id becomes its idea's `source_id` (so importing the same
export again adds nothing twice), a participant's id is kept in the vote's `voter_key`, and
Pol.is's moderation becomes the idea's status.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import utcnow
from consult.core.user import User
from consult.ideas.languages import detect_language
from consult.ideas.models import Channel, Submission, SubmissionStatus
from consult.opinions.models import OpinionVote, Stance
from consult.opinions.polis_files import PolisComment, PolisFileError, read_comments, read_votes

MODERATION = {1: SubmissionStatus.PUBLISHED, 0: SubmissionStatus.PENDING,
              -1: SubmissionStatus.HIDDEN}
REJECTED = "Rejected by the moderators of the original Pol.is conversation."
STANCES = {1.0: Stance.AGREE, -1.0: Stance.DISAGREE, 0.0: Stance.PASS}
BATCH = 5000


@dataclass(frozen=True)
class PolisImport:
    ideas_added: int
    ideas_found: int  # already imported from the same conversation
    votes_added: int
    participants: int


def export_files(folder: str | Path) -> tuple[Path, Path]:
    """The comments and votes files of a Pol.is export folder."""
    folder = Path(folder)
    return _file(folder, "comments.csv"), _file(folder, "participants-votes.csv")


def import_polis(session: Session, actor: User | None, consultation: Consultation,
                 files: tuple[Path, Path], conversation: str,
                 language: str = "en") -> PolisImport:
    """Import a Pol.is export's (comments file, votes file) into `consultation`; the votes'
    participants are kept as "polis:<conversation>:<participant id>".

    PolisFileError when a file is unusable, or when a vote names a comment the comments file
    does not have; nothing is imported then. The caller commits.
    """
    comments = read_comments(files[0])
    matrix = read_votes(files[1])
    known = {comment.comment_id for comment in comments}
    unknown = [statement for statement in matrix.statements if statement not in known]
    if unknown:
        raise PolisFileError(f"participants-votes.csv: comment ids {', '.join(unknown[:10])} "
                             "are not in comments.csv.")
    ideas, added = _ideas(session, actor, consultation, comments, language)
    prefix = f"polis:{conversation[:60]}:"
    votes = _votes(session, consultation, matrix, ideas, prefix)
    return PolisImport(added, len(comments) - added, votes, len(matrix.participants))


def _file(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise PolisFileError(f"{folder}: {name} is missing (a Pol.is export has comments.csv "
                             "and participants-votes.csv).")
    return path


def _ideas(session: Session, actor: User | None, consultation: Consultation,
           comments: list[PolisComment], language: str) -> tuple[dict[str, int], int]:
    """Comment id → idea id, creating the ideas not imported before; and how many were new."""
    existing = dict(session.execute(select(Submission.source_id, Submission.id).where(
        Submission.consultation_id == consultation.id,
        Submission.source_id.in_([comment.comment_id for comment in comments]))).all())
    question = consultation.questions[0] if consultation.questions else None
    new = []
    for comment in comments:
        if comment.comment_id in existing:
            continue
        status = MODERATION.get(comment.moderated, SubmissionStatus.PENDING)
        new.append(Submission(
            consultation=consultation, question=question, text=comment.body.strip(),
            language=detect_language(comment.body, language), channel=Channel.WEB,
            status=status, source_id=comment.comment_id,
            received_at=utcnow(), original_at=comment.created_at,
            moderation_reason=REJECTED if status is SubmissionStatus.HIDDEN else None))
    session.add_all(new)
    if new:
        events.record_many(session, actor, "submission.imported",
                           [(idea, {"source": "polis", "source_id": idea.source_id})
                            for idea in new])
    existing.update({idea.source_id: idea.id for idea in new})
    return existing, len(new)


def _votes(session: Session, consultation: Consultation, matrix, ideas: dict[str, int],
           prefix: str) -> int:
    """Insert the votes not imported before, then recount each idea's votes."""
    already = set(session.execute(select(OpinionVote.submission_id, OpinionVote.voter_key).where(
        OpinionVote.consultation_id == consultation.id,
        OpinionVote.voter_key.startswith(prefix, autoescape=True))).all())
    now, rows = utcnow(), []
    participant_rows, statement_columns = np.nonzero(~np.isnan(matrix.votes))
    for row, column in zip(participant_rows.tolist(), statement_columns.tolist(), strict=True):
        submission_id = ideas[matrix.statements[column]]
        key = prefix + matrix.participants[row]
        if (submission_id, key) in already:
            continue
        rows.append({"organisation_id": consultation.organisation_id,
                     "consultation_id": consultation.id, "submission_id": submission_id,
                     "voter_key": key, "stance": STANCES[float(matrix.votes[row, column])],
                     "created_at": now, "updated_at": now})
    for start in range(0, len(rows), BATCH):
        session.execute(insert(OpinionVote), rows[start:start + BATCH])
    counted = (select(func.count(OpinionVote.id))
               .where(OpinionVote.submission_id == Submission.id).scalar_subquery())
    session.execute(update(Submission).where(Submission.consultation_id == consultation.id)
                    .values(vote_count=counted), execution_options={"synchronize_session": False})
    return len(rows)
