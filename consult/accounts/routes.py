"""My participation: a resident's ideas, their data, erasing the account; signing in: the
account's sessions and two-step sign-in."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, logout_user
from flask_security import auth_required

from consult.accounts import security as account_security
from consult.accounts.sessions import current_session_key
from consult.extensions import db
from consult.ideas import participation
from consult.ideas.forms import EmptyForm
from consult.record import personal_data, writers
from consult.web.paging import page_number

bp = Blueprint("me", __name__, url_prefix="/me")


@bp.get("/")
@auth_required()
def ideas():
    page = personal_data.ideas_of(db.session, current_user, page_number(request.args))
    return render_template("accounts/me/ideas.html", page=page)


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
        return render_template("accounts/me/erase.html", form=form)
    personal_data.erase_account(db.session, current_user)
    db.session.commit()
    logout_user()
    flash(_("Your account was erased. Your ideas stay published without any link to you."),
          "success")
    return redirect(url_for("main.home"))


@bp.get("/security")
@auth_required()
def security():
    key = current_session_key()
    listed = [(account_session, account_security.is_current(account_session, key))
              for account_session in account_security.sessions_of(db.session, current_user)]
    return render_template("accounts/me/security.html", sessions=listed, form=EmptyForm())


@bp.post("/sessions/end-others")
@auth_required()
def end_other_sessions():
    if EmptyForm().validate_on_submit():
        ended = account_security.end_other_sessions(db.session, current_user,
                                                    current_session_key() or "")
        db.session.commit()
        flash(ngettext("%(num)d other session was signed out.",
                       "%(num)d other sessions were signed out.", ended), "success")
    return redirect(url_for("me.security"))


@bp.post("/sessions/<int:session_id>/end")
@auth_required()
def end_session(session_id: int):
    if EmptyForm().validate_on_submit():
        account_security.end_other_session(db.session, current_user, session_id,
                                           current_session_key() or "")
        db.session.commit()
        flash(_("That session was signed out."), "success")
    return redirect(url_for("me.security"))


def _download(payload: dict):
    return Response(stream_with_context(writers.json_document(payload)),
                    mimetype="application/json", headers={
                        "Content-Disposition": "attachment; filename=my-consult-data.json",
                        "Cache-Control": "no-store"})
