"""Jobs that failed on their last attempt are recorded, so staff see them (never silently)."""

from __future__ import annotations

import logging

from huey import Huey
from huey.signals import SIGNAL_ERROR
from sqlalchemy.exc import SQLAlchemyError

from consult.jobs import app_context

log = logging.getLogger(__name__)
_registered: set[int] = set()


def init_queue(queue: Huey) -> None:
    """Record the last failure of every job of `queue` (once per queue)."""
    if id(queue) in _registered:
        return
    _registered.add(id(queue))
    queue.signal(SIGNAL_ERROR)(_on_error)


def _organisation_of(session, name: str, args: list) -> int | None:
    """The organisation whose data a job works on: the row its first argument names."""
    from consult.assemblies.models import Draw
    from consult.consultations.models import Consultation
    from consult.core.event import Event
    from consult.opinions.models import OpinionRun
    from consult.themes.models import ClusteringRun

    model = {"run_clustering": ClusteringRun, "embed_new_ideas": Consultation,
             "run_draw": Draw, "run_opinion_groups": OpinionRun,
             "send_channel_news": Event}.get(name)
    row = session.get(model, args[0]) if model is not None and args else None
    return row.organisation_id if row is not None else None


def _on_error(signal: str, task, exc: Exception | None = None) -> None:
    if task.retries > 0:
        return  # it runs again: only the last attempt counts as failed
    record_failure(task.name, list(task.args), exc)


def record_failure(name: str, args: list, error: Exception | None) -> None:
    from consult.core.job import FailedJob
    from consult.extensions import db

    text = f"{type(error).__name__}: {error}" if error else "stopped"
    with app_context():
        try:
            db.session.add(FailedJob(task=name, args=args, error=text[:2000],
                                     organisation_id=_organisation_of(db.session, name, args)))
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            log.error("job %s failed and could not be recorded", name)
