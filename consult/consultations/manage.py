"""Facilitators' pages of consultations: content, settings, phase; and the failed jobs they see."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.consultations import editing, forms
from consult.consultations.models import Consultation, Phase
from consult.core.errors import ConsultError
from consult.core.labels import label
from consult.core.languages import language_name
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas import moderation
from consult.ideas.forms import EmptyForm
from consult.jobs import failed_jobs as job_failures
from consult.web.actions import current_actor
from consult.web.organisations import current_organisation

bp = Blueprint("facilitate", __name__, url_prefix="/facilitate")



def _form_page(form: forms.ConsultationForm, consultation: Consultation | None,
               phase_form: forms.PhaseForm | None = None):
    forms.offer_offices(form, current_organisation(db.session),
                        consultation.office if consultation else "")
    invalid = bool(form.errors or form.form_errors or (phase_form and phase_form.errors))
    return render_template(
        "facilitate/consultation_form.html", form=form, consultation=consultation,
        phase_form=phase_form, translation_codes=forms.translation_codes(form),
        language_name=language_name,
    ), 422 if invalid else 200


@bp.get("/")
@permission_required("consultation.manage")
def index():
    return render_template("facilitate/index.html",
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
    if form.validate_on_submit():
        try:
            consultation = editing.create_consultation(db.session, current_actor(),
                                                       forms.to_input(form))
        except ConsultError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Consultation created. It stays a draft until you open it."), "success")
            return redirect(url_for("facilitate.edit", consultation_id=consultation.id))
    return _form_page(form, None)


@bp.route("/consultations/<int:consultation_id>", methods=["GET", "POST"])
@permission_required("consultation.manage")
def edit(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    # What was sent, and only that: a field left out is empty, not the consultation's own
    # value (its questions and areas are lists, which the text fields cannot take).
    form = forms.ConsultationForm(obj=None if request.method == "POST" else consultation)
    forms.offer_offices(form, current_organisation(db.session), consultation.office)
    if not form.is_submitted():
        forms.fill(form, consultation)
    elif form.validate():
        try:
            editing.update_consultation(db.session, current_actor(), consultation,
                                        forms.to_input(form))
        except ConsultError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("facilitate.edit", consultation_id=consultation.id))
    return _form_page(form, consultation, forms.PhaseForm(data={"phase": consultation.phase}))


@bp.post("/consultations/<int:consultation_id>/phase")
@permission_required("consultation.manage")
def phase(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    phase_form = forms.PhaseForm()
    if phase_form.validate_on_submit():
        try:
            editing.change_phase(db.session, current_actor(), consultation,
                                 Phase(phase_form.phase.data))
        except ConsultError as error:
            db.session.rollback()
            phase_form.phase.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("The consultation is now: %(phase)s.", phase=label(consultation.phase)),
                  "success")
            return redirect(url_for("facilitate.edit", consultation_id=consultation.id))
    form = forms.ConsultationForm(formdata=None, obj=consultation)
    forms.fill(form, consultation)
    return _form_page(form, consultation, phase_form)

