"""The opinion groups a consultation's votes form, as its opinions page shows them."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.api.operations import With, read
from consult.api.read import public
from consult.api.schemas.ideas import OpinionGroupsSchema
from consult.core.errors import NotFound
from consult.extensions import db
from consult.ideas.models import Submission, SubmissionStatus
from consult.opinions import results

bp = Blueprint("opinions", __name__)


@bp.get("/consultations/<int:consultation_id>/opinion-groups")
@read(OpinionGroupsSchema, _l("The opinion groups of a consultation"),
      _l("The current computation of its opinion groups: who voted alike, never who they "
         "are; for each group, the published ideas that most set it apart."))
def show(consultation_id: int) -> With:
    consultation = public.public_consultation(db.session, consultation_id)
    run = results.current_run(db.session, consultation.id)
    if run is None:
        raise NotFound(_l("No opinion groups have been computed for this consultation yet."))
    named = {item["submission_id"] for group in run.groups for item in group.representative}
    shown = set(db.session.scalars(select(Submission.id).where(
        Submission.id.in_(named), Submission.status == SubmissionStatus.PUBLISHED)))
    groups = [With(group, representative=[item for item in group.representative
                                          if item["submission_id"] in shown])
              for group in run.groups]
    return With(run, groups=groups)
