"""Facilitators enter ideas collected offline: one by one, or from a CSV file."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.consultations.models import Consultation
from consult.core.errors import ConsultError
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas import import_routes, intake
from consult.ideas.import_forms import UploadForm
from consult.ideas.intake_blueprint import bp
from consult.ideas.intake_forms import CsvImportForm, csv_columns, idea_input, intake_form
from consult.ideas.models import Channel
from consult.ideas.submitting import INTAKE_PHASES, submit_idea
from consult.web.actions import current_actor, run_action


@bp.route("/consultations/<int:consultation_id>/ideas/new", methods=["GET", "POST"])
@permission_required("submission.enter_on_behalf")
def intake_idea(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    form = intake_form(consultation)

    def page(status: int = 200):
        return render_template("ideas/manage/intake.html", consultation=consultation, form=form,
                               accepts_ideas=consultation.phase in INTAKE_PHASES), status

    if request.method == "GET":
        return page()
    # Every refusal, a phase's included, answers 422 with its reason above the form.
    return run_action(
        form, lambda: submit_idea(db.session, None, consultation, idea_input(form),
                                  entered_by=current_actor()),
        done=lambda submission: _("Idea %(id)s entered. You can enter the next one.",
                                  id=submission.id),
        back=url_for(".intake_idea", consultation_id=consultation.id),
        page=lambda **_shown: page(422))


def _run_import(form: CsvImportForm, consultation: Consultation) -> tuple[int, list, int]:
    """(ideas imported, bad rows, HTTP status); errors are added to the form."""
    data = form.file.data.read(intake.MAX_BYTES + 1)
    try:
        created = intake.import_csv(db.session, current_actor(), consultation, data,
                                    csv_columns(form), Channel(form.channel.data),
                                    filename=form.file.data.filename or "")
    except intake.CsvRowsInvalid as error:
        form.form_errors.append(str(error.message))
        return 0, error.errors, error.status
    except ConsultError as error:
        form.form_errors.append(str(error.message))
        return 0, [], error.status
    return len(created), [], 200


@bp.route("/consultations/<int:consultation_id>/ideas/import", methods=["GET", "POST"])
@permission_required("submission.enter_on_behalf")
def import_csv(consultation_id: int):
    """The upload form of the import in steps (GET); a POST naming the columns along with the
    file imports it in one step, all or nothing (for scripts)."""
    consultation = db.get_or_404(Consultation, consultation_id)
    if request.method == "GET":
        return import_routes.upload_page(consultation, UploadForm())
    form, row_errors, status = CsvImportForm(), [], 200
    if form.validate_on_submit():
        count, row_errors, status = _run_import(form, consultation)
        if status == 200:
            db.session.commit()
            flash(ngettext("%(num)s idea imported.", "%(num)s ideas imported.", count), "success")
            return redirect(url_for("facilitate.index"))
        db.session.rollback()
    elif form.errors:
        status = 422
    return render_template("ideas/manage/import.html", consultation=consultation, form=form,
                           row_errors=row_errors, max_mb=intake.MAX_BYTES // (1024 * 1024),
                           imports=[], accepts_ideas=consultation.phase in INTAKE_PHASES), status

