"""The official answers to a consultation's ideas and themes, every published version kept."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from consult.api.operations import With, read
from consult.api.pagination import Listing
from consult.api.read import public
from consult.api.schemas.plans import AnswerSchema
from consult.extensions import db
from consult.record.open_data_tables import commitments_of
from consult.responses.models import Response

bp = Blueprint("answers", __name__)


def with_commitments(answers: list[Response]) -> list[With]:
    linked = commitments_of(db.session, [answer.id for answer in answers])
    return [With(answer, commitment_ids=linked.get(answer.id, [])) for answer in answers]


@bp.get("/consultations/<int:consultation_id>/answers")
@read(AnswerSchema, _l("The answers of a consultation"),
      _l("Published answers to its published ideas and public themes, and every version a "
         "correction replaced (state superseded). Drafts and answers waiting for review never "
         "appear."), paged=True,
      since=_l("the time it was published, or superseded by a correction"))
def index(consultation_id: int) -> Listing:
    consultation = public.public_consultation(db.session, consultation_id)
    changed = func.coalesce(Response.superseded_at, Response.published_at)
    return Listing(public.public_answers(consultation.id), Response.id, changed,
                   annotate=with_commitments)
