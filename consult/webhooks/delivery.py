"""Sending deliveries: signed, one attempt each time they are due, later attempts spaced out.

The worker sends what is due right after the transaction that created it, and every minute
what is due again. A receiver that answers 2xx has it; any other answer, a timeout or a
refused address is retried after 30 s, 2 min, 10 min, 1 h and 6 h, then given up. Each
attempt's outcome is kept on the delivery, which administrators read on the webhooks page.
Redirects are not followed (they could lead to a private address).
"""

from __future__ import annotations

import json
import logging
import time
import urllib.request
from datetime import timedelta
from urllib.error import HTTPError, URLError

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core.base import utcnow
from consult.core.errors import ConsultError
from consult.webhooks.addresses import check_url
from consult.webhooks.models import DeliveryStatus, WebhookDelivery
from consult.webhooks.signing import HEADER, signature

log = logging.getLogger(__name__)

BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
           timedelta(hours=1), timedelta(hours=6))
TIMEOUT = 10  # seconds for the receiver to answer
BATCH = 50


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx is then an answer like any other


_opener = urllib.request.build_opener(_NoRedirects)


def deliver_due(session: Session, allow_private: bool) -> int:
    """Attempt every delivery that is due (committing each outcome); how many were tried."""
    tried = 0
    while due := session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.status == DeliveryStatus.PENDING,
                                          WebhookDelivery.next_attempt_at <= utcnow())
            .order_by(WebhookDelivery.id).limit(BATCH)).all():
        for delivery in due:
            attempt(delivery, allow_private)
            session.commit()
        tried += len(due)
    return tried


def attempt(delivery: WebhookDelivery, allow_private: bool) -> None:
    """Send ``delivery`` once and record how it went."""
    webhook = delivery.webhook
    delivery.attempts += 1
    if webhook.removed_at is not None:
        _failed(delivery, None, "The webhook was removed.", final=True)
        return
    raw = json.dumps(delivery.body, separators=(",", ":"), sort_keys=True).encode()
    status, error = None, None
    try:
        url = check_url(webhook.url, allow_private)  # http or https only
        request = urllib.request.Request(url, data=raw, method="POST", headers={  # noqa: S310
            "Content-Type": "application/json", "User-Agent": "Consult-Webhooks/1",
            "X-Consult-Event": delivery.event, "X-Consult-Delivery": str(delivery.id),
            HEADER: signature(webhook.secret, int(time.time()), raw)})
        with _opener.open(request, timeout=TIMEOUT) as response:
            status = response.status
    except HTTPError as answer:
        status = answer.code
    except ConsultError as refused:
        error = str(refused.message)
    except (URLError, TimeoutError, OSError) as failure:
        error = str(getattr(failure, "reason", failure))[:500]
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, utcnow()
        delivery.response_status, delivery.error = status, None
    else:
        _failed(delivery, status, error or f"The receiver answered {status}.",
                final=delivery.attempts > len(BACKOFF))
    log.info("webhook %s delivery %s: attempt %s, %s", webhook.id, delivery.id,
             delivery.attempts, delivery.status.value)


def _failed(delivery: WebhookDelivery, status: int | None, error: str, final: bool) -> None:
    delivery.response_status, delivery.error = status, error
    if final:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = utcnow() + BACKOFF[delivery.attempts - 1]
