"""Which events of the log are told to webhooks, and the deliveries they create.

A delivery is written in the transaction that records its event, so it is committed with the
change or not at all, and the job that sends it is queued through the outbox once the
transaction commits: a request never waits for a receiver.
"""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from consult.core.event import Event
from consult.core.outbox import enqueue_after_commit
from consult.webhooks.models import Webhook, WebhookDelivery

# Webhook event → the event-log actions that announce it.
EVENTS = {
    "idea.published": ("submission.created", "submission.published"),
    "themes.updated": ("clustering.completed",),
    "answer.published": ("response.published",),
    "commitments.adopted": ("plan.adopted",),
    "progress.posted": ("progress.posted",),
}
_BY_ACTION = {action: name for name, actions in EVENTS.items() for action in actions}


def webhook_event(recorded: Event) -> str | None:
    """The webhook event ``recorded`` announces, if any (an idea held for moderation is not
    published yet: its publication announces it)."""
    if recorded.action == "submission.created" and recorded.payload.get("status") != "published":
        return None
    return _BY_ACTION.get(recorded.action)


def body(name: str, recorded: Event) -> dict:
    """What a receiver is sent: the event, and the entry of the public event log behind it
    (its payload holds nothing personal). Details are read from the API."""
    return {"event": name, "occurred_at": recorded.occurred_at.astimezone(UTC).isoformat(),
            "object": {"type": recorded.object_type, "id": recorded.object_id},
            "data": recorded.payload, "event_log_id": recorded.id}


@event.listens_for(Session, "after_flush")
def _deliveries_for_new_events(session: Session, _context) -> None:
    announced = [(name, recorded) for recorded in session.new if isinstance(recorded, Event)
                 and (name := webhook_event(recorded)) is not None]
    if not announced:
        return
    hooks = session.execute(select(Webhook.id, Webhook.organisation_id, Webhook.events).where(
        Webhook.organisation_id.in_({recorded.organisation_id for _, recorded in announced}),
        Webhook.removed_at.is_(None))).all()
    deliveries = [
        WebhookDelivery(organisation_id=organisation_id, webhook_id=webhook_id, event=name,
                        body=body(name, recorded))
        for name, recorded in announced
        for webhook_id, organisation_id, names in hooks
        if organisation_id == recorded.organisation_id and name in names]
    if deliveries:
        session.add_all(deliveries)  # flushed with the rest of the transaction
        enqueue_after_commit(session, "deliver_webhooks")
