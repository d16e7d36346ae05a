"""The gateways' webhook, and the page where anyone types a tracking code to see its idea's
status."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from consult.core.base import utcnow
from consult.extensions import csrf, db, limiter
from consult.ideas.channels import inbound, replies, status_views, webhook
from consult.ideas.channels.forms import TrackCodeForm
from consult.ideas.channels.limits import Limits
from consult.ideas.channels.models import Gateway
from consult.ideas.models import SubmissionStatus
from consult.web.http_caching import public_page
from consult.web.organisations import current_site
from consult.web.safety import sent_from_this_site

bp = Blueprint("channels", __name__)
per_visitor = limiter.limit(lambda: current_app.config["RATELIMIT_TRACK_CODE"])


def limits() -> Limits:
    config = current_app.config
    return Limits(config["SMS_PER_SENDER_PER_DAY"], config["SMS_PER_ORGANISATION_PER_DAY"])


@bp.post("/channels/<int:gateway_id>/inbound")
@csrf.exempt  # a gateway has no session: its signature stands for the token
def receive(gateway_id: int):
    gateway = db.session.get(Gateway, gateway_id)
    if gateway is None:
        return webhook.refusal(404, "no such gateway")
    try:
        message = webhook.read_inbound(gateway, request)
    except webhook.Unsigned:
        return webhook.refusal(403, "signature missing or not the gateway's")
    except webhook.Malformed as error:
        return webhook.refusal(400, str(error))
    context = inbound.Context(
        secret_key=str(current_app.secret_key), limits=limits(),
        default_language=current_site().default_locale,
        status_text=status_views.status_text, now=utcnow())
    try:
        reply = inbound.handle(db.session, gateway, message, context)
    except inbound.AlreadyHandled as replayed:
        db.session.rollback()
        reply = replayed.reply
    else:
        db.session.commit()
    return webhook.answer(gateway, reply)


@bp.get("/track-code")
@public_page
def track_code():
    return render_template("ideas/channels/track_code.html", form=TrackCodeForm(formdata=None))


@bp.post("/track-code")
@csrf.exempt  # it reads a status and changes nothing: limited per visitor instead
@per_visitor
def find_code():
    if not sent_from_this_site():
        raise CSRFError()
    form = TrackCodeForm()
    if not form.validate():
        return render_template("ideas/channels/track_code.html", form=form), 422
    found = inbound.idea_message(db.session, form.code.data)
    if found is None:
        form.code.errors.append(_("No idea has this code. Check it and type it again."))
        return render_template("ideas/channels/track_code.html", form=form), 404
    language = replies.reply_language(str(get_locale()))
    submission = found.submission
    return render_template(
        "ideas/channels/track_code.html", form=form, found=found,
        status=status_views.status_text(db.session, found, language), status_language=language,
        public=submission.status in (SubmissionStatus.PUBLISHED, SubmissionStatus.HIDDEN))
