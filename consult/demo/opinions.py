"""The demo's opinion map: the real votes of the Bowling Green conversation, then the groups."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.demo.loader import DATA
from consult.opinions import computing
from consult.opinions.models import OpinionRun
from consult.opinions.polis_import import PolisImport, import_polis

CONVERSATION = "american-assembly.bowling-green"


def vote_demo(session: Session, consultation: Consultation) -> tuple[PolisImport, OpinionRun]:
    """Import the conversation's votes onto the demo's ideas (already there, by their Pol.is
    ids) and compute the opinion groups; committed."""
    report = import_polis(session, None, consultation,
                          (DATA / "bowling-green-comments.csv",
                           DATA / "bowling-green-participants-votes.csv.gz"), CONVERSATION)
    run = computing.request_run(session, None, consultation)
    session.commit()
    computing.execute_run(session, run.id)
    return report, session.get(OpinionRun, run.id)
