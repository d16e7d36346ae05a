"""The CSV import in steps: upload, map the columns (with a preview), import, and undo."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.consultations.models import Consultation
from consult.core.errors import ConsultError
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas import import_files, intake
from consult.ideas.forms import EmptyForm
from consult.ideas.import_forms import ALL_OR_NOTHING, MappingForm, UploadForm, mapping_form
from consult.ideas.import_models import IdeaImport
from consult.ideas.import_undo import undo_import, why_not_undoable
from consult.ideas.intake_blueprint import bp
from consult.ideas.models import Channel
from consult.ideas.submitting import INTAKE_PHASES
from consult.web.actions import current_actor, run_action

BASE = "/consultations/<int:consultation_id>/ideas"


def upload_page(consultation: Consultation, form: UploadForm, status: int = 200):
    return render_template(
        "ideas/manage/import.html", consultation=consultation, form=form,
        max_mb=intake.MAX_BYTES // (1024 * 1024),
        imports=import_files.recent_imports(db.session, consultation),
        accepts_ideas=consultation.phase in INTAKE_PHASES), status


@bp.post(f"{BASE}/import/upload")
@permission_required("submission.enter_on_behalf")
def upload_import(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    form = UploadForm()
    return run_action(
        form, lambda: import_files.keep_upload(
            db.session, current_actor(), consultation, form.file.data.filename,
            form.file.data.read(intake.MAX_BYTES + 1), intake.MAX_BYTES),
        done=_("File received. Say which column holds what."),
        back=lambda record: url_for(".map_import", consultation_id=consultation.id,
                                    import_id=record.id),
        page=lambda status, **_shown: upload_page(consultation, form, status))


def _mapping_page(consultation, record, form, refused=(), status=200):
    return render_template(
        "ideas/manage/import_mapping.html", consultation=consultation, record=record,
        form=form, preview=import_files.preview(record), refused=refused), status


@bp.route(f"{BASE}/import/<int:import_id>/map", methods=["GET", "POST"])
@permission_required("submission.enter_on_behalf")
def map_import(consultation_id: int, import_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    try:
        record = import_files.pending_upload(db.session, current_actor(), consultation,
                                             import_id)
    except ConsultError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".import_csv", consultation_id=consultation.id))
    header = import_files.preview(record).header
    form = mapping_form(header, import_files.guessed_columns(header))
    if not form.validate_on_submit():
        return _mapping_page(consultation, record, form, status=422 if form.errors else 200)
    return _import_mapped(consultation, record, form)


def _import_mapped(consultation: Consultation, record: IdeaImport, form: MappingForm):
    """Run the import as mapped: the report's page, or the mapping again with the reasons
    (the mapping kept, so that the refused rows can be downloaded)."""
    columns, all_or_nothing = form.columns(), form.mode.data == ALL_OR_NOTHING
    try:
        report = intake.run_import(db.session, current_actor(), record, columns,
                                   Channel(form.channel.data), all_or_nothing)
    except ConsultError as error:
        db.session.rollback()
        form.form_errors.append(str(error.message))
        rows = getattr(error, "errors", ())
        if rows:
            import_files.remember_mapping(record, columns, all_or_nothing)
            db.session.commit()
        return _mapping_page(consultation, record, form, rows, error.status)
    db.session.commit()
    _flash_report(report)
    return redirect(url_for(".show_import", consultation_id=consultation.id,
                            import_id=record.id))


def _flash_report(report: intake.ImportReport) -> None:
    flash(ngettext("%(num)s idea imported.", "%(num)s ideas imported.", len(report.created)),
          "success")
    if report.already_imported:
        flash(ngettext("%(num)s row was imported before and was skipped.",
                       "%(num)s rows were imported before and were skipped.",
                       len(report.already_imported)), "info")


def _import_of(consultation: Consultation, import_id: int,
               pending_too: bool = False) -> IdeaImport:
    """An import of this consultation; an upload not yet imported only for its uploader."""
    record = db.get_or_404(IdeaImport, import_id)
    if record.consultation_id != consultation.id or (
            record.imported_at is None
            and not (pending_too and record.uploaded_by_id == current_actor().id)):
        abort(404)
    return record


def _report_page(consultation: Consultation, record: IdeaImport, form: EmptyForm,
                 status: int = 200):
    return render_template(
        "ideas/manage/import_report.html", consultation=consultation, record=record,
        refused=import_files.refused_rows(record, consultation), form=form,
        undo_refused=why_not_undoable(db.session, record)), status


@bp.get(f"{BASE}/imports/<int:import_id>")
@permission_required("submission.enter_on_behalf")
def show_import(consultation_id: int, import_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    return _report_page(consultation, _import_of(consultation, import_id), EmptyForm())


@bp.get(f"{BASE}/imports/<int:import_id>/refused.csv")
@permission_required("submission.enter_on_behalf")
def refused_rows(consultation_id: int, import_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    record = _import_of(consultation, import_id, pending_too=True)
    name = f"refused-rows-{record.id}.csv"
    return Response(import_files.refused_csv(record, consultation), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post(f"{BASE}/imports/<int:import_id>/undo")
@permission_required("submission.enter_on_behalf")
def undo(consultation_id: int, import_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    record = _import_of(consultation, import_id)
    form = EmptyForm()
    return run_action(
        form, lambda: undo_import(db.session, current_actor(), record),
        done=lambda ideas: ngettext("Import undone: %(num)s idea taken back.",
                                    "Import undone: %(num)s ideas taken back.", len(ideas)),
        back=url_for(".show_import", consultation_id=consultation.id, import_id=record.id),
        page=lambda error=None, status=422: _report_page(
            consultation, record, _with_error(form, error), status))


def _with_error(form: EmptyForm, error: str | None) -> EmptyForm:
    if error:
        form.form_errors.append(error)
    return form
