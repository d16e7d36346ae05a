"""Background jobs that failed: shown to staff, run again by them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotFound
from consult.core.job import FailedJob, OutboxJob
from consult.core.outbox import enqueue_after_commit
from consult.core.tenancy import current_organisation_id
from consult.core.user import User
from consult.jobs import is_task

LABELS = {
    "run_clustering": _l("Grouping ideas into themes"),
    "embed_new_ideas": _l("Preparing new ideas for grouping"),
    "run_draw": _l("Assembly draw"),
    "run_opinion_groups": _l("Computing opinion groups"),
    "send_daily_digests": _l("Residents' daily digest"),
    "send_channel_news": _l("News by text message"),
}


def _visible(session: Session):
    """Failures of the organisation the session acts for, and of the whole installation."""
    return or_(FailedJob.organisation_id == current_organisation_id(session),
               FailedJob.organisation_id.is_(None))


def open_failures(session: Session, limit: int = 20) -> list[FailedJob]:
    """The latest failures nobody has run again yet, newest first."""
    return list(session.scalars(
        select(FailedJob).where(FailedJob.resolved_at.is_(None), _visible(session))
        .order_by(FailedJob.id.desc()).limit(limit)
    ))


def waiting_in_outbox(session: Session) -> int:
    """Jobs the queue has not taken yet (it was unreachable when they were written)."""
    return session.scalar(select(func.count()).where(OutboxJob.sent_at.is_(None))) or 0


def run_again(session: Session, actor: User, failure_id: int) -> FailedJob:
    """Queue the failed job once more (after this transaction commits)."""
    failure = session.scalar(select(FailedJob).where(FailedJob.id == failure_id,
                                                     _visible(session)))
    if failure is None:
        raise NotFound(_l("This failed job does not exist."))
    if failure.resolved_at is not None:
        raise ConsultError(_l("This job has already been run again."))
    if not is_task(failure.task):
        raise ConsultError(_l("This job can no longer be run."))
    failure.resolved_at, failure.resolved_by_id = utcnow(), actor.id
    enqueue_after_commit(session, failure.task, *failure.args)
    events.record(session, actor, "job.run_again", failure, {"task": failure.task})
    return failure
