"""The demo's themes: a real clustering of the Bowling Green ideas, then a facilitator's review."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consult.accounts.users import find_by_email
from consult.consultations.models import Consultation
from consult.core.user import User
from consult.themes import clustering, curation
from consult.themes.models import ClusteringRun
from consult.themes.views import loose_ideas, overview

FACILITATOR = "facilitator@demo.consult.example"


def cluster_demo(session: Session, consultation: Consultation) -> ClusteringRun:
    """Cluster the consultation's ideas here (no worker needed), then curate a little."""
    facilitator: User = find_by_email(session, FACILITATOR)
    run = clustering.request_run(session, facilitator, consultation, None, seed=2018)
    session.commit()
    clustering.execute_run(session, run.id)
    session.refresh(run)
    _review(session, facilitator, consultation, run)
    session.commit()
    return run


def _review(session: Session, facilitator: User, consultation: Consultation,
            run: ClusteringRun) -> None:
    """What a facilitator does first: keep the names the big themes were given (so that no
    re-run changes them), merge two small ones, pin, lock, fold duplicates, set an off-topic
    idea aside."""
    rows = overview(session, consultation).themes
    for row in rows[:3]:
        curation.rename(session, facilitator, consultation, run.id, row.theme.id,
                        row.theme.label, row.theme.description)
    if len(rows) >= 4:
        smallest, next_smallest = rows[-1], rows[-2]
        curation.merge(session, facilitator, consultation, run.id, next_smallest.theme.id,
                       [smallest.theme.id])
    largest = rows[0]
    if largest.representative is not None:
        curation.pin(session, facilitator, consultation, run.id, largest.representative.id)
    curation.lock(session, facilitator, consultation, run.id, largest.theme.id)
    if len(largest.examples) >= 2:
        curation.mark_duplicates(session, facilitator, consultation, run.id,
                                 largest.examples[0].id, [largest.examples[1].id])
    unsorted = loose_ideas(session, consultation, overview(session, consultation)).unsorted.items
    if unsorted:
        curation.set_aside(session, facilitator, consultation, run.id, unsorted[0].id)
