"""Undoing an import as one action, while nothing has been done with its ideas."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, exists, select, update
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import Base, utcnow
from consult.core.errors import Conflict
from consult.core.event import Event
from consult.core.user import User
from consult.ideas.import_models import IdeaImport
from consult.ideas.models import IMPORT_UNDONE, Submission, SubmissionStatus

# Records that refer to ideas, by table, with what they say about the ideas they refer to.
USES = {
    "response": _l("some of its ideas have been answered"),
    "notice": _l("some of its ideas have been answered"),
    "provenance_link": _l("some of its ideas are linked to a commitment"),
    "idea_curation": _l("some of its ideas have been placed in themes by a facilitator"),
    "support": _l("some of its ideas have been supported"),
    "flag": _l("some of its ideas have been flagged"),
    "submission_revision": _l("some of its ideas have been moderated or changed"),
}
# Computed from the ideas by clustering, computed again without them: no one's work is lost.
DERIVED = {"theme", "theme_membership"}


def _ideas_of(session: Session, record: IdeaImport) -> list[int]:
    return list(session.scalars(select(Submission.id).where(Submission.import_id == record.id)
                                .order_by(Submission.id)))


def _referring_columns() -> list[tuple[str, Column]]:
    """(table, column) of every column that refers to an idea, the known ones first."""
    found = [(table.name, fk.parent) for table in Base.metadata.tables.values()
             for fk in table.foreign_keys
             if fk.column.table.name == "submission" and table.name not in DERIVED]
    order = list(USES)
    return sorted(found, key=lambda found: (
        order.index(found[0]) if found[0] in order else len(order), found[0]))


def why_not_undoable(session: Session, record: IdeaImport) -> object | None:
    """The reason this import can no longer be undone, or None.

    Once anything refers to one of its ideas (an answer, a support, a flag, a link from a
    commitment, a facilitator's placing in a theme, any record added later) or one of them was
    moderated or changed, others have built on it. A new kind of record that refers to ideas
    blocks an undo without being named here: nothing is taken back from under it.
    """
    if record.undone_at is not None:
        return _l("This import was already undone.")
    if record.imported_at is None or not record.imported_count:
        return _l("This import brought no ideas: there is nothing to undo.")
    ideas = select(Submission.id).where(Submission.import_id == record.id)
    for table, column in _referring_columns():
        if session.scalar(select(exists().where(column.in_(ideas)))):
            return _l("This import can no longer be undone: %(reason)s.",
                      reason=USES.get(table, _l("some of its ideas are used elsewhere")))
    changed = exists().where(Event.object_type == "submission", Event.object_id.in_(ideas),
                             Event.action != "submission.created")
    if session.scalar(select(changed)):
        return _l("This import can no longer be undone: %(reason)s.",
                  reason=_l("some of its ideas have been moderated or changed"))
    return None


def undo_import(session: Session, actor: User, record: IdeaImport) -> list[int]:
    """Take back every idea of the import as one action, recorded as one event that lists
    them. The ideas stay in the record, hidden with the reason "import undone", out of every
    list, count and theme; their source ids are freed so the file can be imported again."""
    if (reason := why_not_undoable(session, record)) is not None:
        raise Conflict(reason)
    ideas = _ideas_of(session, record)
    session.execute(update(Submission).where(Submission.import_id == record.id).values(
        status=SubmissionStatus.HIDDEN, moderation_reason=IMPORT_UNDONE, source_id=None),
        execution_options={"synchronize_session": "fetch"})
    record.undone_at = utcnow()
    events.record(session, actor, "consultation.import_undone",
                  session.get(Consultation, record.consultation_id),
                  {"import_id": record.id, "ideas": ideas})
    return ideas
