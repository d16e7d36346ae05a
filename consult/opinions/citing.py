"""An idea cited as common ground: its standing across the opinion groups, kept with the link
that cites it (the groups of a later run may differ; the citation says what was true then)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consult.ideas.models import Submission
from consult.opinions.models import Classification
from consult.opinions.results import standing_of


def common_ground_citation(session: Session, submission: Submission) -> dict | None:
    """{"run_id", "groups", "agree", "lowest", "votes"} if the idea is common ground in the
    current run, else None. `agree` is everyone's agree share, `lowest` the lowest group's."""
    standing = standing_of(session, submission)
    if standing is None or standing.statement.classification is not Classification.COMMON_GROUND:
        return None
    statement = standing.statement
    shares = [share for share in statement.group_shares() if share is not None]
    return {"run_id": standing.run.id, "groups": len(standing.run.groups),
            "agree": round(statement.agree / statement.votes, 3) if statement.votes else 0.0,
            "lowest": round(min(shares), 3) if shares else 0.0, "votes": statement.votes}
