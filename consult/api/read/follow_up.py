"""What became of a published commitment: its revisions, the progress officials report and the
monitors' published assessments."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.api.operations import read
from consult.api.pagination import Listing
from consult.api.read import public
from consult.api.schemas.plans import AssessmentSchema, ProgressUpdateSchema, RevisionSchema
from consult.extensions import db
from consult.plans.models import Assessment, CommitmentRevision, ProgressUpdate

bp = Blueprint("follow_up", __name__)


@bp.get("/commitments/<int:commitment_id>/revisions")
@read(RevisionSchema, _l("The revisions of a commitment"),
      _l("Every change to its text, in order: when, why, and each field before and after "
         "(never who wrote it)."), paged=True, since=_l("created_at, when the change was made"))
def revisions(commitment_id: int) -> Listing:
    commitment = public.published_commitment(db.session, commitment_id)
    return Listing(select(CommitmentRevision).where(
        CommitmentRevision.commitment_id == commitment.id),
        CommitmentRevision.number, CommitmentRevision.created_at)


@bp.get("/commitments/<int:commitment_id>/progress")
@read(ProgressUpdateSchema, _l("The progress of a commitment"),
      _l("Progress reported on its milestones, with the evidence given."),
      paged=True, since=_l("created_at, when the progress was reported"))
def progress(commitment_id: int) -> Listing:
    commitment = public.published_commitment(db.session, commitment_id)
    return Listing(select(ProgressUpdate).where(ProgressUpdate.commitment_id == commitment.id),
                   ProgressUpdate.id, ProgressUpdate.created_at)


@bp.get("/commitments/<int:commitment_id>/assessments")
@read(AssessmentSchema, _l("The assessments of a commitment"),
      _l("The independent monitors' published assessments, on the OGP scales."),
      paged=True, since=_l("published_at"))
def assessments(commitment_id: int) -> Listing:
    commitment = public.published_commitment(db.session, commitment_id)
    return Listing(select(Assessment).where(Assessment.commitment_id == commitment.id,
                                            Assessment.published_at.is_not(None)),
                   Assessment.id, Assessment.published_at)
