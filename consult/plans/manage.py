"""The plan editor: the action plan of a consultation, and each commitment with its links,
milestones and revisions."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.core.errors import ConsultError
from consult.core.ids import database_id
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas.forms import EmptyForm
from consult.plans import drafting as service
from consult.plans import forms, passages, provenance
from consult.plans.models import ActionPlan, Commitment, MilestoneStatus, PlanStatus, ProvenanceLink
from consult.themes import views as theme_views
from consult.web.actions import current_actor, run_action
from consult.web.paging import page_number

bp = Blueprint("facilitate_plans", __name__, url_prefix="/facilitate")


def _plan_of(consultation: Consultation) -> ActionPlan | None:
    return db.session.scalar(select(ActionPlan).where(
        ActionPlan.consultation_id == consultation.id).order_by(ActionPlan.id).limit(1))


def _plan_page(consultation: Consultation, form: forms.PlanForm, error: str | None = None,
               status: int = 200, draft_form: forms.DraftForm | None = None):
    plan = _plan_of(consultation)
    return render_template(
        "plans/manage/plan.html", consultation=consultation, plan=plan, form=form, error=error,
        draft_form=draft_form or forms.DraftForm(formdata=None),
        themes=theme_views.overview(db.session, consultation).themes,
        button_form=EmptyForm(formdata=None),
    ), status


@bp.route("/consultations/<int:consultation_id>/plan", methods=["GET", "POST"])
@permission_required("commitment.draft")
def plan(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    existing = _plan_of(consultation)
    # A new plan starts from the organisation's limit of commitments.
    defaults = {} if existing else {"max_commitments": consultation.organisation.max_commitments}
    form = forms.PlanForm(obj=existing, **defaults)
    if request.method == "GET":
        return _plan_page(consultation, form)

    def apply():
        if existing is None:
            return service.create_plan(db.session, current_actor(), consultation,
                                       form.title.data, form.starts_on.data, form.ends_on.data,
                                       form.max_commitments.data)
        return service.update_plan(db.session, current_actor(), existing, form.title.data,
                                   form.starts_on.data, form.ends_on.data,
                                   form.max_commitments.data, PlanStatus(form.status.data))

    return run_action(form, apply, done=_("The plan is saved."),
                      back=url_for(".plan", consultation_id=consultation.id), button=True,
                      page=lambda error, status: _plan_page(
                          consultation, form, _unless_on_fields(form, error), status))


def _unless_on_fields(form, error: str | None) -> str | None:
    """The reason for the top of the page, unless the form's own fields already show it."""
    return None if form.errors else error


def _on_plan(plan_id: int, form, apply: Callable[[ActionPlan], object], done: str,
             form_name: str | None = None):
    """Run an action on a plan; show the plan page with the reason when it is refused."""
    plan = db.get_or_404(ActionPlan, plan_id)
    consultation = plan.consultation
    return run_action(
        form, lambda: apply(plan), done=done, button=True,
        back=lambda result: url_for(".commitment", commitment_id=result.id)
        if isinstance(result, Commitment) else url_for(".plan", consultation_id=consultation.id),
        page=lambda **shown: _plan_page(consultation, forms.PlanForm(formdata=None, obj=plan),
                                        **shown, **({form_name: form} if form_name else {})))


@bp.post("/plans/<int:plan_id>/draft")
@permission_required("commitment.draft")
def draft_commitment(plan_id: int):
    form = forms.DraftForm()
    return _on_plan(plan_id, form, lambda plan: service.draft_from_themes(
        db.session, current_actor(), plan, form.themes.data or []),
        _("The draft is ready, linked to its themes and their ideas."), "draft_form")


@bp.post("/plans/<int:plan_id>/publish")
@permission_required("commitment.draft")
def publish_plan(plan_id: int):
    return _on_plan(plan_id, EmptyForm(),
                    lambda plan: service.publish_plan(db.session, current_actor(), plan),
                    _("The plan is public."))


# --- one commitment ---------------------------------------------------------------------------

def _commitment_page(commitment: Commitment, form: forms.CommitmentForm | None = None,
                     error: str | None = None, status: int = 200, quote: int | None = None,
                     **given):
    plan = commitment.plan
    defaults = {
        "link_form": forms.LinkForm(formdata=None, idea=quote),
        "milestone_form": forms.MilestoneForm(formdata=None),
    }
    defaults["link_form"].theme.choices = [
        (theme.id, theme.label)
        for theme in theme_views.theme_list(db.session, plan.consultation).themes]
    quoted = None
    if quote is not None:
        try:
            quoted = provenance.quotable_idea(db.session, commitment, quote)
        except ConsultError as refused:
            if status == 200:  # asked for by address; a refused form says why on its field
                error, status = str(refused.message), 404
    return render_template(
        "plans/manage/commitment.html", commitment=commitment, plan=plan, error=error,
        form=form or forms.CommitmentForm(formdata=None, obj=commitment),
        links=provenance.links_page(db.session, commitment, page_number(request.args)),
        quoted=quoted, pieces=passages.pieces(quoted.text) if quoted else [],
        button_form=EmptyForm(formdata=None), **(defaults | given),
    ), status


@bp.route("/commitments/<int:commitment_id>", methods=["GET", "POST"])
@permission_required("commitment.draft")
def commitment(commitment_id: int):
    item = db.get_or_404(Commitment, commitment_id)
    form = forms.CommitmentForm(obj=item)
    if request.method == "GET":
        return _commitment_page(item, form, quote=request.args.get("quote", type=database_id))
    return run_action(
        form, lambda: service.edit(
            db.session, current_actor(), item,
            {name: getattr(form, name).data for name in forms.COMMITMENT_FIELDS},
            form.reason.data or ""),
        done=lambda revision: _("Saved as revision %(n)s.", n=revision.number) if revision
        else _("Nothing changed."),
        back=url_for(".commitment", commitment_id=item.id), button=True,
        page=lambda error, status: _commitment_page(
            item, form, _unless_on_fields(form, error), status))


def _on_commitment(commitment_id: int, form, apply: Callable[[Commitment], object], done: str,
                   form_name: str | None = None):
    item = db.get_or_404(Commitment, commitment_id)
    return run_action(form, lambda: apply(item), done=done, button=True,
                      back=url_for(".commitment", commitment_id=item.id),
                      page=lambda **shown: _commitment_page(
                          item, **shown, **({form_name: form} if form_name else {})))


@bp.post("/commitments/<int:commitment_id>/links")
@permission_required("commitment.draft")
def add_link(commitment_id: int):
    item = db.get_or_404(Commitment, commitment_id)
    form = forms.LinkForm()
    form.theme.choices = []  # any theme id; the service checks it belongs to the consultation

    def apply():
        start, end = form.passage_start.data, form.passage_end.data
        passage = (start, end) if start is not None and end is not None else None
        target = ({"submission_id": form.idea.data} if form.idea.data
                  else {"theme_id": form.theme.data or None})
        return provenance.add_link(db.session, current_actor(), item, passage=passage,
                                   note=form.note.data or "", **target)

    # The idea's text stays shown when refused, to select the passage again.
    return run_action(form, _on_field(form, apply), done=_("The link is added."), button=True,
                      back=url_for(".commitment", commitment_id=item.id),
                      page=lambda error, status: _commitment_page(
                          item, error=_unless_on_fields(form, error), status=status,
                          quote=form.idea.data, link_form=form))


def _on_field(form, apply: Callable[[], object]) -> Callable[[], object]:
    """`apply`, whose refusal naming a field of `form` is shown on that field."""
    def run():
        try:
            return apply()
        except ConsultError as refused:
            field = getattr(refused, "field", None)
            if field in form:
                form[field].errors.append(str(refused.message))
            raise
    return run


@bp.post("/links/<int:link_id>/remove")
@permission_required("commitment.draft")
def remove_link(link_id: int):
    link = db.get_or_404(ProvenanceLink, link_id)
    return _on_commitment(link.commitment_id, EmptyForm(),
                          lambda item: provenance.remove_link(db.session, current_actor(), link),
                          _("The link is removed."))


@bp.post("/commitments/<int:commitment_id>/milestones")
@permission_required("commitment.draft")
def add_milestone(commitment_id: int):
    form = forms.MilestoneForm()
    return _on_commitment(commitment_id, form, lambda item: service.add_milestone(
        db.session, current_actor(), item, form.description.data or "", form.due_on.data,
        form.responsible.data or "", MilestoneStatus(form.status.data)),
        _("The milestone is added."), "milestone_form")


@bp.post("/commitments/<int:commitment_id>/publish")
@permission_required("commitment.draft")
def publish_commitment(commitment_id: int):
    return _on_commitment(commitment_id, EmptyForm(), lambda item: service.publish_commitment(
        db.session, current_actor(), item), _("The commitment is published."))
