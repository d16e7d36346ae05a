"""Administrators' webhooks page: register, remove, test, and read each delivery's outcome."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import gettext as _

from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas.forms import EmptyForm
from consult.web.actions import current_actor, run_action
from consult.webhooks import registry
from consult.webhooks.forms import EVENT_LABELS, WebhookForm
from consult.webhooks.models import Webhook
from consult.webhooks.signing import HEADER

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")
SHOWN = 20  # latest deliveries per webhook


def _page(form: WebhookForm | None = None, error: str | None = None, status: int = 200):
    webhooks = registry.live_webhooks(db.session)
    return render_template(
        "webhooks/index.html", webhooks=webhooks, form=form or WebhookForm(formdata=None),
        button=EmptyForm(), error=error, labels=EVENT_LABELS, header=HEADER,
        deliveries={webhook.id: webhook.deliveries.limit(SHOWN).all() for webhook in webhooks},
    ), status


@bp.get("/")
@permission_required("organisation.manage")
def index():
    return _page()


@bp.post("/")
@permission_required("organisation.manage")
def register():
    form = WebhookForm()
    return run_action(
        form, lambda: registry.register(db.session, current_actor(), form.url.data,
                                        form.events.data or [],
                                        current_app.config["WEBHOOKS_ALLOW_PRIVATE"]),
        done=_("The webhook is registered. Check deliveries with its secret, below."),
        back=lambda webhook: url_for(".index") + f"#webhook-{webhook.id}",
        page=lambda error=None, status=200: _page(form, error, status))


@bp.post("/<int:webhook_id>/remove")
@permission_required("organisation.manage")
def remove(webhook_id: int):
    webhook = db.get_or_404(Webhook, webhook_id)
    return run_action(EmptyForm(), lambda: registry.remove(db.session, current_actor(), webhook),
                      done=_("The webhook is removed: nothing more is sent to it."),
                      back=url_for(".index"), page=lambda **shown: _page(**shown))


@bp.post("/<int:webhook_id>/ping")
@permission_required("organisation.manage")
def ping(webhook_id: int):
    webhook = db.get_or_404(Webhook, webhook_id)
    return run_action(EmptyForm(), lambda: registry.ping(db.session, webhook),
                      done=_("A test delivery is on its way."),
                      back=url_for(".index") + f"#webhook-{webhook.id}",
                      page=lambda **shown: _page(**shown))
