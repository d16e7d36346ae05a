"""A staff member's API tokens: created (shown once), listed, revoked."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_security import auth_required

from consult.accounts import api_tokens
from consult.accounts.token_forms import TokenForm
from consult.core.errors import ConsultError
from consult.extensions import db
from consult.ideas.forms import EmptyForm
from consult.web.actions import run_action

bp = Blueprint("tokens", __name__, url_prefix="/me/tokens")


def _page(form: TokenForm | None = None, created: str | None = None,
          error: str | None = None, status: int = 200):
    return render_template(
        "accounts/me/tokens.html", tokens=api_tokens.tokens_of(db.session, current_user),
        form=form or TokenForm(formdata=None), button=EmptyForm(), created=created,
        error=error, may_create=current_user.is_staff), status


@bp.get("/")
@auth_required()
def index():
    return _page()


@bp.post("/")
@auth_required()
def create():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        _, text = api_tokens.create(db.session, current_user, form.name.data, form.scope.data)
    except ConsultError as error:
        db.session.rollback()
        form.name.errors = [str(error.message)]
        return _page(form, status=error.status if error.status != 400 else 422)
    db.session.commit()
    # Shown in this answer only: it is not kept anywhere it could be read again.
    return _page(created=text)


@bp.post("/<int:token_id>/revoke")
@auth_required()
def revoke(token_id: int):
    return run_action(EmptyForm(), lambda: api_tokens.revoke(db.session, current_user, token_id),
                      done=_("The token is revoked: it no longer works."),
                      back=url_for(".index"), page=lambda **shown: _page(**shown))
