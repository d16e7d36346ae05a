"""Facilitators' pages of consultations: content, settings, phase; and the failed jobs they see."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.consultations import editing, forms
from consult.consultations.models import Consultation, Phase
from consult.core.labels import label
from consult.core.languages import language_name
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas import moderation
from consult.ideas.forms import EmptyForm
from consult.jobs import failed_jobs as job_failures
from consult.web.actions import current_actor, run_action
from consult.web.organisations import current_organisation

bp = Blueprint("facilitate", __name__, url_prefix="/facilitate")



def _form_page(form: forms.ConsultationForm, consultation: Consultation | None,
               phase_form: forms.PhaseForm | None = None):
    forms.offer_offices(form, current_organisation(db.session),
                        consultation.office if consultation else "")
    invalid = bool(form.errors or form.form_errors or (phase_form and phase_form.errors))
    return render_template(
        "consultations/manage/consultation_form.html", form=form, consultation=consultation,
        phase_form=phase_form, translation_codes=forms.translation_codes(form),
        language_name=language_name,
    ), 422 if invalid else 200


@bp.get("/")
@permission_required("consultation.manage")
def index():
    return render_template("consultations/manage/index.html",
                           rows=moderation.consultations_overview(db.session),
                           failures=job_failures.open_failures(db.session),
                           job_labels=job_failures.LABELS,
                           waiting_jobs=job_failures.waiting_in_outbox(db.session))


@bp.post("/jobs/<int:failure_id>/run-again")
@permission_required("consultation.manage")
def run_job_again(failure_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    job_failures.run_again(db.session, current_actor(), failure_id)
    db.session.commit()
    flash(_("The job is queued again."), "success")
    return redirect(url_for("facilitate.index"))


@bp.route("/consultations/new", methods=["GET", "POST"])
@permission_required("consultation.manage")
def new():
    form = forms.ConsultationForm()
    forms.offer_offices(form, current_organisation(db.session))
    if request.method == "GET":
        return _form_page(form, None)
    # The page answers 422 for anything the form or the service refused.
    return run_action(
        form, lambda: editing.create_consultation(db.session, current_actor(),
                                                  forms.to_input(form)),
        done=_("Consultation created. It stays a draft until you open it."),
        back=lambda consultation: url_for("facilitate.edit", consultation_id=consultation.id),
        page=lambda **_shown: _form_page(form, None))


@bp.route("/consultations/<int:consultation_id>", methods=["GET", "POST"])
@permission_required("consultation.manage")
def edit(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    # What was sent, and only that: a field left out is empty, not the consultation's own
    # value (its questions and areas are lists, which the text fields cannot take).
    form = forms.ConsultationForm(obj=None if request.method == "POST" else consultation)
    forms.offer_offices(form, current_organisation(db.session), consultation.office)
    phase_form = forms.PhaseForm(data={"phase": consultation.phase})
    if not form.is_submitted():
        forms.fill(form, consultation)
        return _form_page(form, consultation, phase_form)
    return run_action(
        form, lambda: editing.update_consultation(db.session, current_actor(), consultation,
                                                  forms.to_input(form)),
        done=_("Changes saved."), back=url_for("facilitate.edit", consultation_id=consultation.id),
        page=lambda **_shown: _form_page(form, consultation, phase_form))


@bp.post("/consultations/<int:consultation_id>/phase")
@permission_required("consultation.manage")
def phase(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    phase_form = forms.PhaseForm()

    def page(error: str | None = None, status: int | None = None):
        if error and not phase_form.errors:  # a refused phase is said next to its choice
            phase_form.phase.errors.append(error)
        form = forms.ConsultationForm(formdata=None, obj=consultation)
        forms.fill(form, consultation)
        return _form_page(form, consultation, phase_form)

    return run_action(
        phase_form, lambda: editing.change_phase(db.session, current_actor(), consultation,
                                                 Phase(phase_form.phase.data)),
        done=lambda _result: _("The consultation is now: %(phase)s.",
                               phase=label(consultation.phase)),
        back=url_for("facilitate.edit", consultation_id=consultation.id), button=True,
        page=page)

