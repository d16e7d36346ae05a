"""Residents' side of ideas: list, submit, follow, support."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.consultations import services as consultation_service
from consult.core.errors import ConsultError
from consult.extensions import db
from consult.ideas import author as idea_author
from consult.ideas import listing, participation
from consult.ideas import submitting as service
from consult.ideas.own_idea_forms import CorrectionForm, WithdrawForm
from consult.ideas.page import idea_page_context
from consult.ideas.submitting import MAX_LENGTH, MIN_LENGTH
from consult.plans import provenance
from consult.responses import answers
from consult.themes import similar as similar_service
from consult.themes import views as theme_views
from consult.web.actions import run_action
from consult.web.htmx import is_fragment_request, render_page_or_block
from consult.web.http_caching import public_page

bp = Blueprint("submissions", __name__)


@bp.get("/consultations/<int:consultation_id>/ideas")
@public_page
def index(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    query = participation.listing_query(request.args)
    page = listing.list_submissions(db.session, consultation, query)
    return render_page_or_block(
        "ideas/index.html", "submission_list", consultation=consultation, page=page,
        query=query, idea_languages=listing.languages_used(db.session, consultation),
    )


@bp.route("/consultations/<int:consultation_id>/ideas/new", methods=["GET", "POST"])
def new(consultation_id: int):
    form = participation.submission_form()  # before the first query: see its docstring
    consultation = consultation_service.get_public(db.session, consultation_id)
    participation.offer_choices(form, consultation)
    if (closed := participation.closed_notice(consultation)) is not None:
        status = 409 if form.is_submitted() else 200  # what was sent is shown, to be copied
        return render_template("ideas/new.html", consultation=consultation, form=form,
                               closed=closed, kept=participation.sent_back()), status
    if form.is_submitted() and request.form.get("preview"):  # the no-JavaScript check
        ideas = similar_service.similar_ideas(db.session, consultation, form.text.data or "")
        return render_template("ideas/new.html", consultation=consultation, form=form,
                               similar=ideas)
    if form.validate_on_submit():
        try:
            submission = participation.submit(consultation, form)
        except service.AlreadySent as sent:  # a second send of the same form
            db.session.rollback()
            return participation.after_submit(participation.receipt(sent.submission, mail=False))
        except ConsultError as error:
            form.form_errors.append(str(error.message))
        else:
            receipt = participation.receipt(submission)
            db.session.commit()
            return participation.after_submit(receipt)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("ideas/new.html", consultation=consultation, form=form), status


@bp.post("/consultations/<int:consultation_id>/ideas/similar")
def similar(consultation_id: int):
    """Ideas like the text being typed, as a fragment for the idea form (consult.js)."""
    consultation = consultation_service.get_public(db.session, consultation_id)
    text = request.form.get("text", "")  # a POST: what residents type stays out of access logs
    no_store = {"Cache-Control": "no-store"}
    if len(text) > MAX_LENGTH:
        error = _("Your idea must have between %(min)d and %(max)d characters.",
                  min=MIN_LENGTH, max=MAX_LENGTH)
        return render_template("ideas/_similar.html", error=error), 400, no_store
    ideas = similar_service.similar_ideas(db.session, consultation, text)
    return render_template("ideas/_similar.html", similar=ideas), 200, no_store


@bp.get("/ideas/<int:submission_id>")
def show(submission_id: int):
    submission = service.get_visible(db.session, submission_id)
    return render_template("ideas/show.html", **idea_page_context(submission))


@bp.get("/track/<token>")
def track(token: str):
    submission = participation.tracked_submission(token)
    return _track_page(submission, token)


def _track_page(submission, token: str, status: int = 200, message: str | None = None,
                correction: CorrectionForm | None = None):
    if correction is None and idea_author.may_correct(submission):
        correction = CorrectionForm(formdata=None, obj=submission)
    return render_template(
        "ideas/track.html", submission=submission, token=token, message=message,
        theme=theme_views.public_theme_of(db.session, submission),
        commitments=provenance.commitments_of(db.session, submission),
        answer=answers.answer_record(db.session, submission_id=submission.id),
        correction=correction, withdraw=WithdrawForm(),
        correction_deadline=idea_author.correction_deadline(submission),
    ), status


@bp.post("/track/<token>/correct")
def correct(token: str):
    submission = participation.tracked_submission(token)
    form = CorrectionForm()
    # A refusal is said at the top of the page: the form is gone once the idea is withdrawn.
    return run_action(
        form, lambda: idea_author.correct_idea(db.session, submission, form.title.data or "",
                                               form.text.data),
        done=lambda changed: _("Your idea is corrected; the text it had is kept.") if changed
        else _("Nothing was changed."),
        back=url_for("submissions.track", token=token), button=True,
        page=lambda error, status: _track_page(submission, token, status,
                                               None if form.errors else error, correction=form))


@bp.post("/track/<token>/withdraw")
def withdraw(token: str):
    submission = participation.tracked_submission(token)
    return run_action(
        WithdrawForm(), lambda: idea_author.withdraw_idea(db.session, submission),
        done=_("Your idea is withdrawn. It stays in the record, marked withdrawn by you, "
               "and no longer counts in lists and themes."),
        back=url_for("submissions.track", token=token),
        page=lambda error, status: _track_page(submission, token, status, error))


@bp.post("/ideas/<int:submission_id>/support")
def support(submission_id: int):
    submission = service.get_visible(db.session, submission_id)
    key, new_token = participation.supporter()
    try:
        service.support(db.session, submission, participation.account(), key)
    except ConsultError as error:
        db.session.rollback()
        response = render_page_or_block(
            "ideas/show.html", "support", status=error.status,
            support_message=str(error.message), support_refused=True,
            **idea_page_context(submission, key),
        )
        return participation.remember_supporter(response, new_token)
    db.session.commit()
    if is_fragment_request():
        response = render_page_or_block(
            "ideas/show.html", "support", submission=submission,
            support_message=_("Thank you for your support."),
            **participation.support_context(submission, key),
        )
    else:
        flash(_("Thank you for your support."), "success")
        response = redirect(url_for("submissions.show", submission_id=submission.id))
    return participation.remember_supporter(response, new_token)
