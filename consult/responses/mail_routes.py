"""The one-click unsubscribe from residents' mail (RFC 8058)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from consult.core.errors import NotAllowed
from consult.core.tokens import read_unsubscribe_token
from consult.extensions import csrf, db
from consult.responses import notices

bp = Blueprint("mail", __name__)


def _email(token: str) -> str:
    email = read_unsubscribe_token(token)
    if email is None:
        raise NotAllowed(_l("This unsubscribe link is not valid. Check that it was copied whole, "
                            "or use the link in a more recent mail from us."))
    return email


@bp.get("/mail/unsubscribe/<token>")
def unsubscribe_form(token: str):
    _email(token)
    return render_template("responses/mail/unsubscribe.html", token=token)


# Mail clients post the one-click unsubscribe without a CSRF token; the signed link is the proof.
@csrf.exempt
@bp.post("/mail/unsubscribe/<token>")
def unsubscribe(token: str):
    notices.opt_out(db.session, _email(token))
    db.session.commit()
    return render_template("responses/mail/unsubscribed.html")
