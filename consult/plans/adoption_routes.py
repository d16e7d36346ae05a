"""Officials adopt the action plan and report progress on its milestones."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from consult.core.permissions import permission_required
from consult.extensions import db
from consult.plans import implementation
from consult.plans.implementation_forms import AdoptForm, ProgressForm
from consult.plans.models import ActionPlan, Commitment, CommitmentStatus, MilestoneStatus
from consult.web.actions import current_actor, run_action

bp = Blueprint("adoption", __name__, url_prefix="/respond")



def _progress_form(commitment: Commitment, formdata: bool = False) -> ProgressForm:
    # One form per commitment on a page: the prefix keeps their field ids apart.
    extra = {} if formdata else {"formdata": None}
    return ProgressForm(prefix=f"c{commitment.id}", **extra).for_commitment(commitment)


def _refused(form, error: str | None):
    """The form shown again; a refusal's reason goes above it (its fields show their own).
    Refusals keep the service's status, so a form whose input is refused answers 400."""
    if error and not form.errors:
        form.form_errors.append(error)
    return form


def _page(plan: ActionPlan, status: int = 200, adopt_form: AdoptForm | None = None,
          failed: ProgressForm | None = None, failed_id: int | None = None):
    """The plan's page; a refused form is shown again with what was typed and the reason."""
    commitments = [c for c in plan.commitments if c.status is CommitmentStatus.PUBLISHED]
    forms = {c.id: failed if c.id == failed_id else _progress_form(c) for c in commitments}
    return render_template(
        "plans/adoption/plan.html", plan=plan, commitments=commitments, progress_forms=forms,
        progress_by={c.id: implementation.progress(db.session, c) for c in commitments},
        accepts_progress=implementation.accepts_progress(plan),
        adopt_form=adopt_form or AdoptForm(formdata=None),
        failed_form=failed or (adopt_form if status >= 400 else None),
        drafts=len(plan.commitments) - len(commitments),
    ), status


@bp.get("/plans/")
@permission_required("commitment.adopt")
def index():
    plans = db.session.scalars(select(ActionPlan).order_by(ActionPlan.starts_on.desc(),
                                                            ActionPlan.id.desc())).all()
    return render_template("plans/adoption/index.html", plans=plans)


@bp.get("/plans/<int:plan_id>")
@permission_required("commitment.adopt")
def plan(plan_id: int):
    return _page(db.get_or_404(ActionPlan, plan_id))


@bp.post("/plans/<int:plan_id>/adopt")
@permission_required("commitment.adopt")
def adopt(plan_id: int):
    item = db.get_or_404(ActionPlan, plan_id)
    form = AdoptForm()
    return run_action(
        form, lambda: implementation.adopt_plan(db.session, current_actor(), item,
                                                form.adopted_on.data),
        done=_("The plan is adopted. The version signed off is kept with its fingerprint."),
        back=url_for("adoption.plan", plan_id=item.id), button=True,
        page=lambda error, status: _page(item, status, adopt_form=_refused(form, error)))


@bp.post("/commitments/<int:commitment_id>/progress")
@permission_required("commitment.adopt")
def progress(commitment_id: int):
    commitment = db.get_or_404(Commitment, commitment_id)
    form = _progress_form(commitment, formdata=True)
    return run_action(
        form, lambda: implementation.post_progress(
            db.session, current_actor(), commitment, form.milestone.data,
            MilestoneStatus(form.status.data), form.on.data, form.evidence_url.data,
            form.text.data),
        done=_("The progress update is published."),
        back=url_for("adoption.plan", plan_id=commitment.plan_id,
                     _anchor=f"commitment-{commitment.id}"), button=True,
        page=lambda error, status: _page(commitment.plan, status, failed=_refused(form, error),
                                         failed_id=commitment.id))
