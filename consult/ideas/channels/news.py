"""News of their ideas, texted to the residents who replied YES: an answer published, a
commitment their idea feeds published, the action plan that holds it adopted.

The event log tells what happened. When an event of `NEWS` is committed in an organisation
that keeps at least one number, a job (`send_channel_news`) is written with it to the
outbox; the job finds the ideas the event concerns and texts each one's contact once, through
the gateway the contact wrote to. A job run again sends only what it had not sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import and_, event, select
from sqlalchemy.orm import Session, object_session

from consult.core.base import utcnow
from consult.core.event import Event
from consult.core.outbox import enqueue_after_commit
from consult.ideas.channels.limits import Limits, may_send
from consult.ideas.channels.models import ChannelContact, ChannelMessage, ChannelNews, MessageKind
from consult.ideas.channels.sending import SendFailed

log = logging.getLogger(__name__)
NEWS = frozenset({"response.published", "commitment.published", "plan.adopted"})
TASK = "send_channel_news"
NOTED = "consult_channel_news"

# idea id -> how to tell its news: (tracking code, language) -> the text.
Tell = Callable[[str, str], str]
NewsOf = Callable[[Session, Event], dict[int, Tell]]
Send = Callable[[ChannelContact, str], None]


@event.listens_for(Event, "after_insert")
def _note_news(_mapper, _connection, recorded: Event) -> None:
    if recorded.action in NEWS and (session := object_session(recorded)) is not None:
        session.info.setdefault(NOTED, []).append(
            (recorded.id, recorded.hash, recorded.organisation_id))


@event.listens_for(Session, "before_commit")
def _queue_news(session: Session) -> None:
    """Write the news jobs with the change, for organisations that keep a number."""
    if session.get_nested_transaction() is not None or not session.info.get(NOTED):
        return  # a savepoint: the real commit queues them
    noted = session.info.pop(NOTED)
    keeping = set(session.scalars(select(ChannelContact.organisation_id).where(
        ChannelContact.organisation_id.in_({row[2] for row in noted})).distinct()))
    for event_id, event_hash, organisation_id in noted:
        if organisation_id in keeping:
            enqueue_after_commit(session, TASK, event_id, event_hash)


@event.listens_for(Session, "after_soft_rollback")
def _forget_news(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(NOTED, None)


def send_news(session: Session, event_id: int, event_hash: str, news_of: NewsOf, send: Send,
              limits: Limits, now: datetime | None = None) -> int:
    """Text the news of one event to each contact behind the ideas it concerns; how many
    were sent. Each is committed as sent right after the gateway took it, so a failure or a
    run again sends only the rest; a contact the gateway refused raises SendFailed at the
    end (after the others were sent), so that the job runs again for it."""
    recorded = session.get(Event, event_id)
    if recorded is None or recorded.hash != event_hash:  # rolled back, or another event now
        return 0
    news = news_of(session, recorded)
    if not news:
        return 0
    organisation_id = recorded.organisation_id
    rows = session.execute(
        select(ChannelMessage.submission_id, ChannelMessage.tracking_code, ChannelContact)
        .join(ChannelContact, and_(ChannelContact.sender_hash == ChannelMessage.sender_hash,
                                   ChannelContact.organisation_id == organisation_id))
        .where(ChannelMessage.organisation_id == organisation_id,
               ChannelMessage.kind == MessageKind.IDEA,
               ChannelMessage.submission_id.in_(list(news)))
        .order_by(ChannelMessage.id)).all()
    done = {(contact_id, submission_id) for contact_id, submission_id in session.execute(
        select(ChannelNews.contact_id, ChannelNews.submission_id).where(
            ChannelNews.event_id == event_id))}
    sent = failed = 0
    for submission_id, code, contact in rows:
        if (contact.id, submission_id) in done:
            continue
        if not may_send(session, organisation_id, limits, now or utcnow()):
            log.warning("news of event %s not sent: the day's text messages are used up",
                        event_id)
            break
        try:
            send(contact, news[submission_id](code, contact.language))
        except SendFailed as error:
            log.warning("news of event %s not sent to one contact: %s", event_id, error)
            failed += 1
            continue
        session.add(ChannelNews(contact_id=contact.id, submission_id=submission_id,
                                event_id=event_id, organisation_id=organisation_id))
        session.commit()
        sent += 1
    if failed:
        raise SendFailed(f"{failed} text message(s) of news not sent")
    return sent
