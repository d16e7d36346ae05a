"""Ideas entered through the API: one at a time on behalf of a channel, or a file at once.

The same services as the facilitators' pages: the same checks, moderation, events and undo.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l

from consult.api.errors import ApiError
from consult.api.operations import write
from consult.api.schemas.writing import (
    IdeaInSchema,
    ImportInSchema,
    ImportResultSchema,
    WrittenIdeaSchema,
)
from consult.consultations.models import Consultation
from consult.core.user import User
from consult.extensions import db
from consult.ideas import intake, submitting
from consult.ideas.models import Channel

bp = Blueprint("write_ideas", __name__)
IDEMPOTENCY_KEY = 64  # characters


@bp.post("/consultations/<int:consultation_id>/ideas")
@write(IdeaInSchema, WrittenIdeaSchema, _l("Enter an idea on behalf of a resident"),
       "submission.enter_on_behalf", _l(
           "An idea received on paper, in a workshop, by phone, SMS or mail. Send an "
           "Idempotency-Key header (up to 64 characters) to send it again safely: the same "
           "key gives back the idea it stored, with 200."))
def enter_idea(consultation_id: int, actor: User, load):
    consultation = db.get_or_404(Consultation, consultation_id)
    body = load()
    key = request.headers.get("Idempotency-Key") or None
    if key is not None and len(key) > IDEMPOTENCY_KEY:
        raise ApiError("invalid_idempotency_key", _l(
            "An Idempotency-Key has at most %(n)s characters.", n=IDEMPOTENCY_KEY))
    data = submitting.IdeaInput(
        text=body["text"], title=body["title"], question_id=body["question_id"],
        language=body["language"], area=body["area"], channel=Channel(body["channel"]),
        received_at=body["received_at"], idempotency_key=key and _stored_key(actor, key))
    try:
        return submitting.submit_idea(db.session, None, consultation, data,
                                      entered_by=actor), True
    except submitting.AlreadySent as sent:
        return sent.submission, False


@bp.post("/consultations/<int:consultation_id>/imports")
@write(ImportInSchema, ImportResultSchema, _l("Import ideas from a CSV file"),
       "submission.enter_on_behalf", _l(
           "As the facilitators' import: every row checked, rows imported before (same source "
           "id) skipped, undone in one step from the consultation's imports page."))
def import_ideas(consultation_id: int, actor: User, load):
    from consult.ideas.import_files import keep_upload

    consultation = db.get_or_404(Consultation, consultation_id)
    body = load()
    columns = intake.CsvColumns.from_mapping({"text": "text"} | body["columns"])
    data = body["csv"].encode()
    record = keep_upload(db.session, actor, consultation, "api.csv", data, intake.MAX_BYTES)
    try:
        report = intake.run_import(db.session, actor, record, columns,
                                   Channel(body["channel"]), body["all_or_nothing"])
    except intake.CsvRowsInvalid as invalid:
        raise ApiError("invalid_rows", "; ".join(
            [str(invalid.message)] + [_line(error) for error in invalid.errors[:5]]),
            422) from None
    return {"import_id": record.id, "created": [idea.id for idea in report.created],
            "already_imported": report.already_imported,
            "refused": [_line(error) for error in report.refused]}, True


def _stored_key(actor: User, key: str) -> str:
    """The key as stored with the idea: the account's own, so two programs never collide."""
    return "api:" + hashlib.sha256(f"{actor.id}:{key}".encode()).hexdigest()[:60]


def _line(error: intake.RowError) -> str:
    return str(_l("line %(line)s: %(reason)s", line=error.line, reason=error.reason))
