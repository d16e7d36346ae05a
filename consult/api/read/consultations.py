"""Public consultations and their questions."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from consult.api.operations import read
from consult.api.pagination import Listing
from consult.api.read import public
from consult.api.schemas.consultations import ConsultationSchema
from consult.consultations.models import Consultation
from consult.extensions import db

bp = Blueprint("consultations", __name__)


@bp.get("/consultations")
@read(ConsultationSchema, _l("Public consultations"),
      _l("Every consultation open to ideas or past it, with its questions; drafts are never "
         "listed."), paged=True, since=_l("updated_at, when the consultation itself changed"))
def index() -> Listing:
    return Listing(public.public_consultations(), Consultation.id, Consultation.updated_at)


@bp.get("/consultations/<int:consultation_id>")
@read(ConsultationSchema, _l("A consultation"), _l("One public consultation, with its questions."))
def show(consultation_id: int) -> Consultation:
    return public.public_consultation(db.session, consultation_id)
