"""Residents follow a consultation or a commitment by email, confirm by the mailed link, and
stop with one click (RFC 8058) from any digest."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, make_response, render_template, request, url_for
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError

from consult.consultations.models import Consultation
from consult.extensions import csrf, db, limiter
from consult.responses import follows
from consult.responses.follow_forms import FollowForm
from consult.responses.follows import FollowError, Target
from consult.responses.notices import normalise
from consult.web.safety import sent_from_this_site

log = logging.getLogger(__name__)
bp = Blueprint("follows", __name__)

# Each request may send a mail to the address typed: limited per visitor and per address.
MAILS_PER_ADDRESS = "3 per hour; 10 per day"
per_visitor = limiter.limit(lambda: current_app.config["RATELIMIT_SUBMIT"])
per_address = limiter.limit(MAILS_PER_ADDRESS, key_func=lambda: "follow:" + normalise(
    request.form.get("email", "")))


@bp.app_context_processor
def _follow_form() -> dict:
    # The consultation and commitment pages show the form without their views knowing of it.
    return {"new_follow_form": FollowForm}


@bp.post("/consultations/<int:consultation_id>/follow")
@csrf.exempt
@per_visitor
@per_address
def consultation(consultation_id: int):
    return _ask("consultation", consultation_id)


@bp.post("/commitments/<int:commitment_id>/follow")
@csrf.exempt
@per_visitor
@per_address
def commitment(commitment_id: int):
    return _ask("commitment", commitment_id)


def _ask(kind: str, target_id: int):
    # No CSRF token: following acts on no account (it only mails the address typed, which
    # confirms by its link), and a token would tie the consultation and commitment pages to
    # a session, so that none of them could be kept or shared by caches. A form sent from
    # another site is still refused.
    if not sent_from_this_site():
        raise CSRFError()
    target = follows.followable(db.session, kind, target_id)
    form, page = FollowForm(), _page(target)
    if form.validate_on_submit():
        try:
            message = follows.ask_to_follow(db.session, form.email.data, target,
                                            str(get_locale()))
        except FollowError as error:
            form.email.errors = [str(error.message)]
        else:
            db.session.commit()
            _send(message)
            return render_template("responses/follows/asked.html", **page)
    return make_response(render_template("responses/follows/new.html",
                                         form=form, action=request.path,
                                         **page), 422)


def _page(target: Target) -> dict:
    # Read before the commit: the mail is sent without opening another transaction.
    return {"title": target.title, "is_consultation": isinstance(target, Consultation),
            "link": follows.target_link(target, url_for)}


def _send(message) -> None:
    if message is None:
        return
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the mail server refused or is down; the page is the same
        log.warning("a follow confirmation mail could not be sent")


@bp.get("/follow/confirm/<token>")
def confirm(token: str):
    confirmation = follows.confirm(db.session, token)
    page = _page(confirmation.follow.target)
    db.session.commit()
    return render_template("responses/follows/confirmed.html", already=confirmation.already, **page)


@bp.get("/follow/stop/<token>")
def stop_form(token: str):
    follow = follows.follow_to_stop(db.session, token)
    if follow is None:
        return render_template("responses/follows/stopped.html")
    return render_template("responses/follows/stop.html", token=token, **_page(follow.target))


# Mail clients post the one-click unsubscribe without a CSRF token; the signed link is the proof.
@csrf.exempt
@bp.post("/follow/stop/<token>")
def stop(token: str):
    target = follows.stop_following(db.session, token)
    page = _page(target) if target is not None else {}
    db.session.commit()
    return render_template("responses/follows/stopped.html", **page)
