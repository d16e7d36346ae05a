"""The counts of "you said, we did" kept by the process while nothing they count has changed.

Counting a consultation of 100,000 ideas reads every idea; asking whether anything changed
reads a few aggregates over indexes. The counts depend on the consultation's published ideas,
its published and superseded answers, its current clustering run, its live themes and the
facilitators' curation of them: the signature holds a fingerprint of each, and any new
publication, correction, moderation decision, run or curation action changes it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.ideas.models import Submission, SubmissionStatus
from consult.responses.models import Response
from consult.themes.models import CurationAction, Theme
from consult.themes.state import current_run

KEPT = 32  # consultations whose counts a process keeps
_KEPT: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()
_LOCK = threading.Lock()

T = TypeVar("T")


def signature(session: Session, consultation: Consultation, themed: bool) -> tuple:
    """What the counts depend on, read from indexes: it changes when any of it changes."""
    ideas = session.execute(select(
        func.count(Submission.id), func.sum(Submission.id),
        func.sum(cast(Submission.id, BigInteger) * Submission.id),
        func.max(Submission.id)).where(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.PUBLISHED)).one()
    answers = session.execute(select(
        func.count(Response.id), func.max(Response.id), func.count(Response.published_at),
        func.max(Response.published_at), func.count(Response.superseded_at),
        func.max(Response.superseded_at)).where(
        Response.consultation_id == consultation.id)).one()
    if not themed:
        return (*ideas, *answers)
    run = current_run(session, consultation.id)
    themes = session.execute(select(
        func.count(Theme.id), func.count(Theme.retired_at), func.max(Theme.retired_at)).where(
        Theme.consultation_id == consultation.id)).one()
    curation = session.execute(select(
        func.max(CurationAction.id), func.count(CurationAction.undone_at)).where(
        CurationAction.consultation_id == consultation.id)).one()
    return (*ideas, *answers, run.id if run else None, run.finished_at if run else None,
            *themes, *curation)


def kept(session: Session, consultation: Consultation, themed: bool,
         count: Callable[[], T]) -> T:
    """The result of `count()` for the consultation, computed again only when its signature
    changed since the process last computed it."""
    # The creation time tells two consultations apart even where a database reuses ids.
    key = (consultation.id, consultation.created_at, themed)
    now = signature(session, consultation, themed)
    with _LOCK:
        found = _KEPT.get(key)
        if found is not None and found[0] == now:
            _KEPT.move_to_end(key)
            return found[1]
    result = count()
    with _LOCK:
        _KEPT[key] = (now, result)
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    return result
