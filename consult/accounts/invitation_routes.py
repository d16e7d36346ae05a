"""A staff invitation: the invited person chooses a password, then signs in in two steps."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from consult.accounts import staff
from consult.extensions import db
from consult.organisations.admin_forms import PasswordForm
from consult.web.actions import run_action

bp = Blueprint("invitations", __name__)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str):
    user = staff.read_invitation(db.session, current_app.secret_key, token)
    form = PasswordForm()

    def page(error: str | None = None, status: int = 200):
        if error and not form.errors:  # the only thing refused here is the password
            form.password.errors = [error]
            status = 422
        return render_template("accounts/invitations/accept.html", form=form, email=user.email,
                               token=token), status

    if request.method == "GET":
        return page()
    return run_action(form, lambda: staff.accept_invitation(db.session, user, form.password.data),
                      done=_("Your password is chosen. Sign in to set up two-step sign-in."),
                      back=url_for("security.login", email=user.email), button=True, page=page)


def staff_invitation_message(email: str, organisation: str, role: str,
                             link: str) -> EmailMessage:
    """The invitation to join an organisation's team, with the link to choose a password."""
    body = render_template("accounts/mail/staff_invitation.txt",
                           organisation=organisation, role=role,
                           link=link)
    subject = _("You are invited to %(organisation)s's team on Consult",
                organisation=organisation)
    return EmailMessage(subject=subject, body=body, to=[email])
