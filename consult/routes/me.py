"""My participation: a resident's ideas, their data, and erasing the account."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from flask_security import auth_required

from consult.extensions import db
from consult.forms.submissions import EmptyForm
from consult.services import personal_data
from consult.web import participation

bp = Blueprint("me", __name__, url_prefix="/me")


@bp.get("/")
@auth_required()
def ideas():
    listed = personal_data.ideas_of(db.session, current_user)
    return render_template("me/ideas.html", ideas=listed)


@bp.get("/data.json")
@auth_required()
def data():
    return _download(personal_data.export_account(db.session, current_user))


@bp.get("/track/<token>/data.json")
def tracked_data(token: str):
    submission = participation.tracked_submission(token)
    return _download(personal_data.export_idea(submission))


@bp.route("/erase", methods=["GET", "POST"])
@auth_required()
def erase():
    form = EmptyForm()
    if not form.validate_on_submit():
        return render_template("me/erase.html", form=form)
    personal_data.erase_account(db.session, current_user)
    db.session.commit()
    logout_user()
    flash(_("Your account was erased. Your ideas stay published without any link to you."),
          "success")
    return redirect(url_for("main.home"))


def _download(payload: dict):
    response = jsonify(payload)
    response.headers["Content-Disposition"] = "attachment; filename=my-consult-data.json"
    response.headers["Cache-Control"] = "no-store"
    return response
