"""Published action plans and their commitments, each with its milestones and its sources."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from consult.api.operations import With, read
from consult.api.pagination import Listing
from consult.api.read import public
from consult.api.schemas.plans import CommitmentSchema, PlanSchema
from consult.extensions import db
from consult.plans.models import ActionPlan, Commitment

bp = Blueprint("plans", __name__)


def with_sources(commitments: list[Commitment]) -> list[With]:
    """Each commitment with the links that stand to public themes and published ideas."""
    sources = defaultdict(list)
    for link in public.public_sources(db.session, [c.id for c in commitments]):
        sources[link.commitment_id].append(link)
    return [With(commitment, sources=sources[commitment.id]) for commitment in commitments]


@bp.get("/plans")
@read(PlanSchema, _l("Action plans"), _l("Every published action plan."), paged=True)
def index() -> Listing:
    return Listing(public.published_plans(), ActionPlan.id)


@bp.get("/plans/<int:plan_id>")
@read(PlanSchema, _l("An action plan"), _l("One published action plan."))
def show(plan_id: int) -> ActionPlan:
    return public.published_plan(db.session, plan_id)


@bp.get("/plans/<int:plan_id>/commitments")
@read(CommitmentSchema, _l("The commitments of a plan"),
      _l("Its published commitments in the plan's order, each with its milestones and its "
         "provenance: the themes and published ideas it came from."),
      paged=True, since=_l("updated_at, when the commitment's text last changed"))
def commitments(plan_id: int) -> Listing:
    plan = public.published_plan(db.session, plan_id)
    return Listing(public.published_commitments().where(Commitment.plan_id == plan.id),
                   Commitment.position, Commitment.updated_at, annotate=with_sources)


@bp.get("/commitments/<int:commitment_id>")
@read(CommitmentSchema, _l("A commitment"),
      _l("One published commitment, with its milestones and its provenance."))
def commitment(commitment_id: int) -> With:
    return with_sources([public.published_commitment(db.session, commitment_id)])[0]
