"""The moderation queue: publish or hide pending ideas, settle flags, restore hidden ideas."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.consultations.models import Consultation
from consult.core.errors import ConsultError
from consult.core.ids import database_id
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas import moderation as service
from consult.ideas.forms import EmptyForm
from consult.ideas.models import Submission
from consult.ideas.moderation_forms import FLAG_REASONS, HideForm
from consult.web.actions import current_actor, run_action
from consult.web.paging import page_number
from consult.web.safety import safe_next

bp = Blueprint("facilitate_moderation", __name__, url_prefix="/facilitate")
LISTS = ("pending", "flagged", "hidden")  # the queue's lists, each paged by its own parameter


def _back():
    return redirect(safe_next(request.form.get("next"), url_for(".moderation")))


def _decide(submission_id: int, decide: Callable[[Submission], None], done: str):
    """Run a button's decision (no fields to fill): flash the outcome, back to the queue."""
    submission = db.get_or_404(Submission, submission_id)
    if not EmptyForm().validate_on_submit():
        flash(_("Your form expired. Please try again."), "error")
        return _back()
    try:
        decide(submission)
    except ConsultError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return _back()


@bp.get("/moderation")
@permission_required("submission.moderate")
def moderation():
    consultation_id = request.args.get("consultation", type=database_id)
    consultation = db.get_or_404(Consultation, consultation_id) if consultation_id else None
    pages = service.QueuePages(*(page_number(request.args, name) for name in LISTS))
    return render_template(
        "ideas/manage/moderation.html",
        queue=service.queue(db.session, consultation_id, pages), args=request.args.to_dict(),
        consultation=consultation, reasons=FLAG_REASONS, hide_form=HideForm(formdata=None),
        button_form=EmptyForm(formdata=None),
    )


@bp.post("/ideas/<int:submission_id>/publish")
@permission_required("submission.moderate")
def publish(submission_id: int):
    return _decide(submission_id, lambda s: service.publish(db.session, current_actor(), s),
                   _("The idea is published."))


@bp.post("/ideas/<int:submission_id>/restore")
@permission_required("submission.moderate")
def restore(submission_id: int):
    return _decide(submission_id, lambda s: service.restore(db.session, current_actor(), s),
                   _("The idea is published again."))


@bp.post("/ideas/<int:submission_id>/dismiss-flags")
@permission_required("submission.moderate")
def dismiss_flags(submission_id: int):
    return _decide(submission_id, lambda s: service.dismiss_flags(db.session, current_actor(), s),
                   _("The reports are dismissed; the idea stays published."))


@bp.route("/ideas/<int:submission_id>/hide", methods=["GET", "POST"])
@permission_required("submission.moderate")
def hide(submission_id: int):
    submission = db.get_or_404(Submission, submission_id)
    form = HideForm()

    def page(error: str | None = None, status: int = 200):
        return render_template("ideas/manage/hide.html", submission=submission, form=form,
                               next=safe_next(request.values.get("next"), "")), status

    if request.method == "GET":
        return page()
    return run_action(form, lambda: service.hide(db.session, current_actor(), submission,
                                                 form.reason.data),
                      done=_("The idea is hidden; the public sees your reason."),
                      back=url_for(".moderation"), page=page)
