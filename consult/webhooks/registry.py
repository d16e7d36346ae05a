"""Administrators register and remove webhooks, and send a test delivery."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotFound
from consult.core.outbox import enqueue_after_commit
from consult.core.user import User
from consult.webhooks.addresses import check_url
from consult.webhooks.models import Webhook, WebhookDelivery
from consult.webhooks.triggers import EVENTS

MOST = 20  # webhooks per organisation


def live_webhooks(session: Session) -> list[Webhook]:
    return list(session.scalars(select(Webhook).where(Webhook.removed_at.is_(None))
                                .order_by(Webhook.id)))


def register(session: Session, actor: User, url: str, names: list[str],
             allow_private: bool) -> Webhook:
    """A webhook for the events ``names`` at ``url`` (checked: public https only)."""
    chosen = [name for name in EVENTS if name in names]
    if not chosen or len(chosen) != len(set(names)):
        raise ConsultError(_l("Choose at least one of the events listed."))
    url = check_url(url, allow_private)
    if len(live_webhooks(session)) >= MOST:
        raise ConsultError(_l("An organisation has at most %(n)s webhooks.", n=MOST))
    webhook = Webhook(url=url, events=chosen, created_by_id=actor.id)
    session.add(webhook)
    session.flush()
    events.record(session, actor, "webhook.registered", webhook, {"events": chosen})
    return webhook


def remove(session: Session, actor: User, webhook: Webhook) -> None:
    """No more deliveries to it, those waiting included; its log stays."""
    if webhook.removed_at is not None:
        raise NotFound(_l("This webhook was removed already."))
    webhook.removed_at = utcnow()
    events.record(session, actor, "webhook.removed", webhook, {})


def ping(session: Session, webhook: Webhook) -> WebhookDelivery:
    """A test delivery, to check the receiver and its signature check."""
    if webhook.removed_at is not None:
        raise NotFound(_l("This webhook was removed already."))
    delivery = WebhookDelivery(organisation_id=webhook.organisation_id, webhook_id=webhook.id,
                               event="ping", body={"event": "ping", "webhook": webhook.id,
                                                   "occurred_at": utcnow().isoformat()})
    session.add(delivery)
    enqueue_after_commit(session, "deliver_webhooks")
    return delivery
