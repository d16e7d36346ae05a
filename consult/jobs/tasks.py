"""The jobs themselves: thin wrappers that open the app context and call a service."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from huey import crontab
from huey.api import TaskWrapper
from huey.exceptions import TaskLockedException

from consult.jobs import app_context, queue

RETRIES = 2  # a job runs at most three times
RETRY_DELAY = 10  # seconds
DIGEST_RETRY_DELAY = 300  # seconds: the database or the network may be back by then
# One digest run at a time, whether a worker or `consult digests send` starts it: two at once
# would mail the same news twice. The worker frees it at start-up should a crash leave it held.
DIGEST_LOCK = queue.lock_task("send-digests")


@queue.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def run_clustering(run_id: int, task=None) -> None:
    """Cluster a consultation's ideas for the run ``run_id`` (idempotent: a finished run stays)."""
    from consult.extensions import db
    from consult.themes import clustering

    with app_context():
        clustering.execute_run(db.session, run_id, last_attempt=task is None or task.retries == 0)


@queue.task(retries=RETRIES, retry_delay=RETRY_DELAY)
def embed_new_ideas(consultation_id: int) -> None:
    """Embed the ideas of a consultation that have no cached vector yet."""
    from consult.extensions import db
    from consult.themes import clustering

    with app_context():
        clustering.embed_missing(db.session, consultation_id)
        db.session.commit()


@queue.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def run_opinion_groups(run_id: int, task=None) -> None:
    """Compute a consultation's opinion groups for the run ``run_id`` (idempotent)."""
    from consult.extensions import db
    from consult.opinions import computing

    with app_context():
        computing.execute_run(db.session, run_id, last_attempt=task is None or task.retries == 0)


@queue.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def run_draw(draw_id: int, task=None) -> None:
    """Draw an assembly's panel or replacements (idempotent: a finished draw stays)."""
    from consult.assemblies import setup as assemblies
    from consult.assemblies.models import Draw
    from consult.extensions import db

    with app_context():
        draw = db.session.get(Draw, draw_id)
        if draw is None:
            return
        try:
            assemblies.execute_draw(db.session, draw)
        except Exception:
            db.session.rollback()
            if task is None or task.retries == 0:
                assemblies.fail_draw(db.session, db.session.get(Draw, draw_id))
                db.session.commit()
            raise
        db.session.commit()


def digest_due(timestamp: datetime) -> bool:
    """Whether the digests go out at ``timestamp`` (UTC, as the scheduler gives it each
    minute): at the start of the configured hour."""
    with app_context():
        hour = current_app.config["DIGEST_HOUR"]
    return timestamp.hour == hour and timestamp.minute == 0


@queue.periodic_task(digest_due, retries=RETRIES, retry_delay=DIGEST_RETRY_DELAY)
def send_daily_digests() -> None:
    """Send residents their daily digest of news about their ideas, and staff what waits
    for them."""
    from consult.accounts import staff_digest
    from consult.extensions import db
    from consult.responses import digests

    with app_context():
        try:
            with DIGEST_LOCK:
                digests.send_digests(db.session)
                staff_digest.send_all(db.session, digests.link_builder)
        except TaskLockedException:
            return  # another worker is sending them right now


@queue.periodic_task(crontab(), retries=RETRIES, retry_delay=RETRY_DELAY)
def switch_phases() -> None:
    """Open and close consultations at their dates."""
    from consult.consultations import services as consultations
    from consult.extensions import db

    with app_context():
        consultations.switch_due_phases(db.session)
        db.session.commit()


@queue.periodic_task(crontab(minute="17"), retries=RETRIES, retry_delay=RETRY_DELAY)
def refresh_statistics() -> None:
    """Every hour, the database's statistics follow what the consultations have become."""
    from consult import database
    from consult.extensions import db

    with app_context():
        database.refresh_statistics(db.session)


@queue.task(retries=RETRIES, retry_delay=RETRY_DELAY)
def deliver_webhooks() -> None:
    """Send the webhook deliveries that are due (a receiver's failure is kept on its delivery,
    to be retried later, and fails no job)."""
    from consult.extensions import db
    from consult.webhooks import delivery

    with app_context():
        delivery.deliver_due(db.session, current_app.config["WEBHOOKS_ALLOW_PRIVATE"])


@queue.periodic_task(crontab(), retries=RETRIES, retry_delay=RETRY_DELAY)
def retry_webhooks() -> None:
    """Every minute, the deliveries whose next attempt is due."""
    deliver_webhooks.call_local()


@queue.task(retries=RETRIES, retry_delay=DIGEST_RETRY_DELAY)
def send_channel_news(event_id: int, event_hash: str) -> None:
    """Text the news an event tells to the residents who asked for it by SMS or WhatsApp."""
    from consult.extensions import db
    from consult.ideas.channels import news, news_views, sending
    from consult.ideas.channels.limits import Limits

    with app_context():
        config = current_app.config
        news.send_news(
            db.session, event_id, event_hash, news_views.news_of,
            lambda contact, text: sending.send_text(contact.gateway, contact.number, text, config),
            Limits(config["SMS_PER_SENDER_PER_DAY"], config["SMS_PER_ORGANISATION_PER_DAY"]))


def by_name() -> dict[str, TaskWrapper]:
    """Every job by the name the outbox stores."""
    return {name: task for name, task in globals().items() if isinstance(task, TaskWrapper)}
