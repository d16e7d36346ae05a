"""Computing a consultation's opinion groups in the worker, recorded like a clustering run.

A run reads the votes on published ideas, groups the participants (consult.opinions.groups),
judges every idea by the published rule (consult.opinions.consensus) and makes itself the
current run in its last transaction; until then, the previous run's groups stay shown.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError
from consult.core.outbox import enqueue_after_commit
from consult.core.user import User
from consult.ideas.models import Submission, SubmissionStatus
from consult.opinions import consensus, groups, opinion_map
from consult.opinions.models import (
    Classification,
    OpinionGroup,
    OpinionMember,
    OpinionRun,
    OpinionStatement,
    OpinionVote,
)
from consult.opinions.polis_files import VoteMatrix
from consult.themes.models import RunStatus


@dataclass(frozen=True)
class Rule:
    """The published rule: common ground when every group agrees at `common` or more;
    divisive when the groups' agree shares differ by `divisive` or more; ideas with fewer
    than `min_votes` votes (everyone's) are left out."""

    min_votes: int = 20
    common: float = 0.60
    divisive: float = 0.30

    def as_dict(self) -> dict:
        return asdict(self)


RULE = Rule()
MIN_VOTES = 7  # Pol.is's minimum of votes for a participant to be placed
REPRESENTATIVE = 5  # statements shown per group


def vote_count(session: Session, consultation: Consultation) -> int:
    return session.scalar(select(func.count(OpinionVote.id)).where(
        OpinionVote.consultation_id == consultation.id)) or 0


def active_run(session: Session, consultation: Consultation) -> OpinionRun | None:
    return session.scalar(select(OpinionRun).where(
        OpinionRun.consultation_id == consultation.id,
        OpinionRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING])))


def recent_runs(session: Session, consultation: Consultation, limit: int = 5) -> list[OpinionRun]:
    return list(session.scalars(select(OpinionRun).where(
        OpinionRun.consultation_id == consultation.id)
        .order_by(OpinionRun.id.desc()).limit(limit)))


def request_run(session: Session, actor: User | None, consultation: Consultation,
                seed: int = 0) -> OpinionRun:
    """Queue a computation; refused while another is under way, or without any vote."""
    session.get(Consultation, consultation.id, with_for_update=True)  # one request at a time
    if active_run(session, consultation) is not None:
        raise Conflict(_l("Opinion groups are already being computed for this consultation. "
                          "Wait for that run to finish."))
    if not vote_count(session, consultation):
        raise ConsultError(_l("Nobody has voted on the ideas yet: there is nothing to group."))
    run = OpinionRun(consultation=consultation, requested_by=actor, seed=seed,
                     min_votes=MIN_VOTES, algorithm=groups.METHOD)
    session.add(run)
    events.record(session, actor, "opinions.requested", run,
                  {"consultation": consultation.id, "seed": seed})
    enqueue_after_commit(session, "run_opinion_groups", run.id)
    return run


def execute_run(session: Session, run_id: int, last_attempt: bool = True) -> None:
    """Run ``run_id`` to the end. Idempotent: a finished run is left as it is."""
    run = session.get(OpinionRun, run_id)
    if run is None or not run.in_progress:
        return
    run.status, run.attempts, run.started_at = RunStatus.RUNNING, run.attempts + 1, utcnow()
    session.commit()
    try:
        _execute(session, run)
    except Exception as error:
        session.rollback()
        if last_attempt:
            run = session.get(OpinionRun, run_id)
            run.status, run.finished_at = RunStatus.FAILED, utcnow()
            run.error = f"{type(error).__name__}: {error}"[:2000]
            session.commit()
        raise
    session.commit()


# Ideas voted on, then hidden by a moderator or withdrawn: their votes count as passes from
# everyone, as Pol.is does with the comments its moderators reject.
SET_ASIDE = (SubmissionStatus.HIDDEN, SubmissionStatus.WITHDRAWN)


def vote_matrix(session: Session, consultation_id: int,
                statuses: tuple = (SubmissionStatus.PUBLISHED,)) -> VoteMatrix:
    """Participants × the ideas in `statuses` that have votes: 1 agree, -1 disagree, 0 pass,
    NaN not seen.

    The votes are read by their consultation alone, and the ideas apart: a join lets a
    planner without fresh statistics (right after an import) loop over every idea."""
    wanted = set(session.scalars(select(Submission.id).where(
        Submission.consultation_id == consultation_id, Submission.status.in_(statuses))))
    rows = session.execute(
        select(OpinionVote.user_id, OpinionVote.voter_key, OpinionVote.submission_id,
               OpinionVote.stance)
        .where(OpinionVote.consultation_id == consultation_id)
        .order_by(OpinionVote.id)).all()
    participants: dict[str, int] = {}
    statements: dict[int, int] = {}
    cells = []
    for user_id, key, submission_id, stance in rows:
        if submission_id not in wanted:
            continue
        who = f"u{user_id}" if user_id is not None else f"k{key}"
        cells.append((participants.setdefault(who, len(participants)),
                      statements.setdefault(submission_id, len(statements)), stance.number))
    votes = np.full((len(participants), len(statements)), np.nan)
    for row, column, value in cells:
        votes[row, column] = value
    return VoteMatrix(participants=list(participants),
                      statements=[str(i) for i in statements], votes=votes, polis_groups={})


def _execute(session: Session, run: OpinionRun) -> None:
    matrix = vote_matrix(session, run.consultation_id, (SubmissionStatus.PUBLISHED, *SET_ASIDE))
    aside = set(map(str, session.scalars(select(Submission.id).where(
        Submission.consultation_id == run.consultation_id, Submission.status.in_(SET_ASIDE)))))
    found = groups.opinion_groups(matrix, min_votes=run.min_votes, seed=run.seed,
                                  set_aside=aside, statements_total=_idea_count(session, run))
    run.parameters = {**found.parameters, "rule": RULE.as_dict()}
    run.votes_in = int((~np.isnan(matrix.votes)).sum())
    run.ideas_in = len(set(matrix.statements) - aside)
    run.participants_in = len(found.participants)
    run.participants_out = found.excluded
    run.groups_out = found.k if found.reason is None else 0
    run.no_groups_reason = None if found.reason is None else _reason(found)
    if found.reason is None:
        _store_groups(session, run, matrix, found, aside)
    session.execute(update(OpinionRun).where(
        OpinionRun.consultation_id == run.consultation_id, OpinionRun.id != run.id)
        .values(current=False))
    run.current, run.status, run.finished_at = True, RunStatus.SUCCEEDED, utcnow()
    events.record(session, None, "opinions.computed", run,
                  {"groups": run.groups_out, "participants": run.participants_in})


def _idea_count(session: Session, run: OpinionRun) -> int:
    """The ideas there are to vote on: Pol.is asks for min(7, ideas) votes."""
    return session.scalar(select(func.count(Submission.id)).where(
        Submission.consultation_id == run.consultation_id,
        Submission.status == SubmissionStatus.PUBLISHED)) or 0


def _reason(found: groups.GroupResult) -> str:
    """Why there are no groups, as a key the pages say in the reader's language
    (consult.opinions.results.no_groups_message)."""
    reaching = found.parameters.get("reaching", 0)
    if not found.parameters.get("statements"):
        return "no_ideas"
    return "nobody" if reaching == 0 else ("too_few" if reaching < 3 else "alike")


def _store_groups(session: Session, run: OpinionRun, matrix: VoteMatrix,
                  found: groups.GroupResult, aside: set[str]) -> None:
    ids = [int(statement) for statement in matrix.statements]
    scoped = {"organisation_id": run.organisation_id, "run_id": run.id}
    stats = consensus.group_statement_stats(matrix.votes[found.rows], found.labels, found.k)
    for position, size in enumerate(found.sizes):
        session.add(OpinionGroup(run=run, position=position, size=size, representative=[
            {"submission_id": ids[item.statement], "direction": item.direction,
             "share": round(item.share, 4), "ratio": round(item.ratio, 3)}
            for item in consensus.representative_statements(stats, position, REPRESENTATIVE)]))
    session.execute(insert(OpinionMember), [
        {**scoped, "participant": who, "position": int(label), "x": float(x), "y": float(y)}
        for who, label, (x, y) in zip(found.participants, found.labels, found.coordinates,
                                      strict=True)])
    session.execute(insert(OpinionStatement), [
        {**scoped, "submission_id": ids[index], **verdict}
        for index, verdict in enumerate(judge(stats, matrix.votes))
        if matrix.statements[index] not in aside])
    run.map_cells = opinion_map.map_cells(found.coordinates, found.labels.tolist())


def judge(stats: consensus.GroupStatementStats, votes: np.ndarray, rule: Rule = RULE
          ) -> list[dict]:
    """Each statement's counts, by group and in all (everyone's votes, grouped or not), and
    where it stands by `rule`."""
    seen = ~np.isnan(votes)
    totals = seen.sum(axis=0)
    kinds = consensus.classify(stats, rule.min_votes, rule.common, rule.divisive,
                               total_votes=totals)
    scores = consensus.group_informed_consensus(stats)
    spreads = consensus.agree_spread(stats)
    verdicts = []
    for column, kind in enumerate(kinds):
        cast = votes[seen[:, column], column]
        verdicts.append({
            "votes": int(totals[column]), "agree": int((cast == 1).sum()),
            "disagree": int((cast == -1).sum()), "passed": int((cast == 0).sum()),
            "by_group": [[int(stats.agree[g, column]), int(stats.disagree[g, column]),
                          int(stats.passed[g, column])] for g in range(stats.agree.shape[0])],
            "classification": Classification(kind), "consensus": float(scores[column]),
            "spread": 0.0 if np.isnan(spreads[column]) else float(spreads[column])})
    return verdicts
