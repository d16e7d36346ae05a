"""Residents (with or without an account) report an idea to the moderators."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _

from consult.core.errors import Conflict, ConsultError
from consult.extensions import db
from consult.ideas import moderation, participation
from consult.ideas import submitting as submission_service
from consult.ideas.models import FlagReason, Submission
from consult.ideas.moderation_forms import FlagForm
from consult.ideas.page import idea_page_context
from consult.web.htmx import is_fragment_request, render_page_or_block

bp = Blueprint("flags", __name__)


@bp.app_context_processor
def _flag_form() -> dict:
    # The idea page includes the flag form without its view knowing about it.
    return {"new_flag_form": FlagForm}


def _invalid(submission: Submission, form: FlagForm, key: str | None):
    if is_fragment_request():
        return render_page_or_block("ideas/_flag.html", "flag", status=422,
                                    submission=submission, flag_form=form)
    return make_response(render_template(
        "ideas/show.html", flag_form=form, **idea_page_context(submission, key)), 422)


@bp.post("/ideas/<int:submission_id>/flag")
def create(submission_id: int):
    submission = submission_service.get_visible(db.session, submission_id)
    key, new_token = participation.supporter()
    form = FlagForm()
    if not form.validate_on_submit():
        return participation.remember_supporter(_invalid(submission, form, key), new_token)
    try:
        moderation.flag(db.session, submission, participation.account(), key,
                        FlagReason(form.reason.data), form.note.data or "")
    except Conflict as error:  # already reported: the earlier report stands
        db.session.rollback()
        message = str(error.message)
    except ConsultError:
        db.session.rollback()
        raise
    else:
        db.session.commit()
        message = _("Thank you. A moderator will look at this idea.")
    if is_fragment_request():
        response = render_page_or_block("ideas/_flag.html", "flag", submission=submission,
                                        flag_message=message)
    else:
        flash(message, "success")
        response = redirect(url_for("submissions.show", submission_id=submission.id))
    return participation.remember_supporter(response, new_token)
