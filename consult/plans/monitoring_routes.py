"""Independent monitors: read everything, publish assessments of commitments."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from consult.assemblies.models import Draw
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.plans import assessments, implementation
from consult.plans.implementation_forms import AssessmentForm
from consult.plans.models import ActionPlan, Commitment, CommitmentStatus
from consult.record import download as record
from consult.record import event_log
from consult.web.actions import current_actor, run_action
from consult.web.organisations import current_site
from consult.web.paging import page_number

bp = Blueprint("monitoring", __name__, url_prefix="/monitor")



def _assessment_form(commitment: Commitment, formdata: bool = False) -> AssessmentForm:
    # One form per commitment on a page: the prefix keeps their field ids apart.
    return AssessmentForm(prefix=f"c{commitment.id}", **({} if formdata else {"formdata": None}))


def _assessable(plan: ActionPlan, commitment: Commitment) -> bool:
    return plan.is_published and commitment.status is CommitmentStatus.PUBLISHED


def _refused(form: AssessmentForm, error: str | None) -> AssessmentForm:
    """The form shown again, a refusal's reason above it (its fields show their own)."""
    if error and not form.errors:
        form.form_errors.append(error)
    return form


def _page(plan: ActionPlan, status: int = 200, failed: AssessmentForm | None = None,
          failed_id: int | None = None):
    """The plan, drafts included (read-only), with a form per commitment that can be assessed."""
    forms = {c.id: failed if c.id == failed_id else _assessment_form(c)
             for c in plan.commitments if _assessable(plan, c)}
    return render_template(
        "plans/monitoring/plan.html", plan=plan, forms=forms, failed_form=failed,
        assessments_by={c.id: assessments.published_for(db.session, c) for c in plan.commitments},
        progress_by={c.id: implementation.progress(db.session, c) for c in plan.commitments},
    ), status


@bp.get("/")
@permission_required("assessment.publish")
def index():
    plans = db.session.scalars(select(ActionPlan).order_by(ActionPlan.starts_on.desc(),
                                                            ActionPlan.id.desc())).all()
    return render_template("plans/monitoring/index.html", plans=plans)


@bp.get("/plans/<int:plan_id>")
@permission_required("assessment.publish")
def plan(plan_id: int):
    return _page(db.get_or_404(ActionPlan, plan_id))


@bp.post("/commitments/<int:commitment_id>/assessments")
@permission_required("assessment.publish")
def assess(commitment_id: int):
    commitment = db.get_or_404(Commitment, commitment_id)
    form = _assessment_form(commitment, formdata=True)
    return run_action(
        form, lambda: assessments.publish_assessment(
            db.session, current_actor(), commitment, form.completion.data,
            form.opened_government.data, form.text.data, form.evidence_links()),
        done=_("The assessment is published."),
        back=url_for("monitoring.plan", plan_id=commitment.plan_id,
                     _anchor=f"commitment-{commitment.id}"), button=True,
        page=lambda error, status: _page(commitment.plan, status,
                                         _refused(form, error), commitment.id))


@bp.get("/events")
@permission_required("audit.read")
def events():
    page = event_log.newest_first(db.session, page_number(request.args))
    return render_template("plans/monitoring/events.html", page=page,
                           latest_hash=record.latest_hash(db.session, current_site().id))


@bp.get("/draws/<int:draw_id>/pool.csv")
@permission_required("audit.read")
def draw_pool(draw_id: int):
    """The whole pool a draw ran on, public values hidden or not: it re-runs the draw exactly,
    and its SHA-256 is the one the draw's record keeps."""
    return Response(db.get_or_404(Draw, draw_id).pool_csv, mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="pool.csv"'})
