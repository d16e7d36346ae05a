"""Residents' side of ideas: list, submit, follow, support."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.extensions import db
from consult.services import consultations as consultation_service
from consult.services import submission_listing as listing
from consult.services import submissions as service
from consult.services.errors import ConsultError
from consult.web import participation
from consult.web.htmx import is_fragment_request, render_page_or_block

bp = Blueprint("submissions", __name__)


@bp.get("/consultations/<int:consultation_id>/ideas")
def index(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    query = participation.listing_query(request.args)
    page = listing.list_submissions(db.session, consultation, query)
    return render_page_or_block(
        "submissions/index.html", "submission_list", consultation=consultation, page=page,
        query=query, idea_languages=listing.languages_used(db.session, consultation),
    )


@bp.route("/consultations/<int:consultation_id>/ideas/new", methods=["GET", "POST"])
def new(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    form = participation.submission_form(consultation)
    if form.validate_on_submit():
        try:
            submission = participation.submit(consultation, form)
        except ConsultError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            return participation.after_submit(submission)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("submissions/new.html", consultation=consultation, form=form), status


@bp.get("/ideas/<int:submission_id>")
def show(submission_id: int):
    submission = service.get_visible(db.session, submission_id)
    return render_template("submissions/show.html", submission=submission,
                           **participation.support_context(submission))


@bp.get("/track/<token>")
def track(token: str):
    submission = participation.tracked_submission(token)
    return render_template("submissions/track.html", submission=submission, token=token)


@bp.post("/ideas/<int:submission_id>/support")
def support(submission_id: int):
    submission = service.get_visible(db.session, submission_id)
    key, new_token = participation.supporter()
    try:
        service.support(db.session, submission, participation.account(), key)
    except ConsultError as error:
        db.session.rollback()
        response = render_page_or_block(
            "submissions/show.html", "support", status=error.status, submission=submission,
            support_message=str(error.message), **participation.support_context(submission, key),
        )
        return participation.remember_supporter(response, new_token)
    db.session.commit()
    if is_fragment_request():
        response = render_page_or_block(
            "submissions/show.html", "support", submission=submission,
            support_message=_("Thank you for your support."),
            **participation.support_context(submission, key),
        )
    else:
        flash(_("Thank you for your support."), "success")
        response = redirect(url_for("submissions.show", submission_id=submission.id))
    return participation.remember_supporter(response, new_token)
