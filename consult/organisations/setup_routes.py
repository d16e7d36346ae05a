"""First run: on an empty installation, the organisation and its first administrator."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _

from consult.core.languages import LANGUAGE_NAMES
from consult.extensions import db
from consult.i18n import supported_locales
from consult.organisations import services as organisations
from consult.organisations.forms import FirstRunForm
from consult.web.actions import run_action
from consult.web.organisations import installation_is_empty

bp = Blueprint("setup", __name__)


@bp.route("/setup", methods=["GET", "POST"])
def first_run():
    if not installation_is_empty(db.session):
        abort(404)  # set up once: afterwards administrators change settings on their pages
    form = FirstRunForm()
    form.locale.choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in supported_locales()]
    if request.method == "GET":
        return render_template("organisations/setup/first_run.html", form=form)
    return run_action(
        form, lambda: organisations.create_organisation(
            db.session, form.name.data, form.email.data, form.password.data,
            locale=form.locale.data),
        done=_("%(name)s is set up. Sign in with the email address and password you chose.",
               name=form.name.data),
        back=url_for("security.login"),
        page=lambda error, status: (render_template("organisations/setup/first_run.html",
                                                    form=form), status))
