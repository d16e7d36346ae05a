"""Steps the round tests share."""

from __future__ import annotations

from consult.assemblies import rounds
from consult.models import RoundStage


def voting(db, facilitator, round_):
    rounds.advance(db.session, facilitator, round_)
    assert round_.stage is RoundStage.VOTE


def propose(db, member, round_, text="Publish the budget every month."):
    return rounds.propose_amendment(db.session, member, round_, round_.items[0].commitment_id,
                                    "action", text, "Monthly is easier to follow.")
