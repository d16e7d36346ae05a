"""Staff's daily mail: what waits for each facilitator, official and admin of a site.

- to moderate: ideas waiting for pre-moderation and ideas with reports (moderators);
- to review: answers waiting for a second official, not drafted by the reader (officials);
- answers due: consultations whose answers are due within DUE_DAYS, with ideas still
  unanswered (officials);
- rounds closing: assembly rounds closing within DUE_DAYS (those who run assemblies).

It goes out with the residents' digests, only to staff with something waiting, in their
language. Each staff member's mail is committed as sent for the day (user.staff_digest_on)
right after the mail server took it: a run tried again the same day sends nobody's twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import render_template
from flask_babel import force_locale, gettext
from flask_mailman import EmailMessage
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.assemblies.models import Round
from consult.consultations.models import Consultation
from consult.consultations.services import PUBLIC_PHASES
from consult.core.base import utcnow
from consult.core.organisation import Organisation
from consult.core.permissions import can
from consult.core.tenancy import use_organisation
from consult.core.user import STAFF_ROLES, Role, User
from consult.ideas import moderation
from consult.responses.answers import deadline
from consult.responses.models import Response, ResponseState
from consult.responses.queue import QueueFilters, queue

log = logging.getLogger(__name__)
DUE_DAYS = 7


@dataclass
class StaffNews:
    to_moderate: int = 0
    to_review: int = 0
    answers_due: list[tuple[Consultation, datetime, int]] = field(default_factory=list)
    rounds_closing: list[Round] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.to_moderate or self.to_review or self.answers_due
                    or self.rounds_closing)


@dataclass
class _Waiting:
    """What waits in the site, read once for all its staff."""

    to_moderate: int
    in_review: list[Response]
    answers_due: list[tuple[Consultation, datetime, int]]
    rounds_closing: list[Round]


def news_for(user: User, waiting: _Waiting) -> StaffNews:
    """What of `waiting` is for `user`, by what they may do."""
    news = StaffNews()
    if can(user, "submission.moderate"):
        news.to_moderate = waiting.to_moderate
    if can(user, "response.write"):
        news.to_review = sum(1 for r in waiting.in_review if r.drafted_by_id != user.id)
        news.answers_due = waiting.answers_due
    if can(user, "assembly.run"):
        news.rounds_closing = waiting.rounds_closing
    return news


def _waiting(session: Session, now: datetime) -> _Waiting:
    counts = moderation.counts_by_consultation(session)
    in_review = list(session.scalars(select(Response).where(
        Response.state == ResponseState.IN_REVIEW, Response.from_theme_id.is_(None))))
    due = []
    for consultation in session.scalars(select(Consultation).where(
            Consultation.phase.in_(PUBLIC_PHASES), Consultation.closes_at.is_not(None))):
        when = deadline(consultation)
        if when is not None and now <= when <= now + timedelta(days=DUE_DAYS):
            left = queue(session, QueueFilters(consultation_id=consultation.id), now).counts
            if left.unanswered:
                due.append((consultation, when, left.unanswered))
    rounds = list(session.scalars(select(Round).where(
        Round.closed_at.is_(None), Round.opens_at <= now, Round.closes_at >= now,
        Round.closes_at <= now + timedelta(days=DUE_DAYS)).order_by(Round.closes_at)))
    return _Waiting(sum(p + f for p, f in counts.values()), in_review, due, rounds)


def send_staff_digests(session: Session, link, now: datetime | None = None) -> int:
    """Send the staff of the organisation the session acts for their mail of the day;
    returns how many were sent. `link(endpoint, **values)` builds the site's addresses."""
    now = now or utcnow()
    waiting = _waiting(session, now)
    staff = session.scalars(select(User).where(
        User.active.is_(True), User.roles.any(Role.name.in_(STAFF_ROLES)))
        .order_by(User.id)).all()
    sent = 0
    for user in staff:
        news = news_for(user, waiting)
        if not news or user.staff_digest_on == now.date():
            continue
        _message(user, news, link).send()
        user.staff_digest_on = now.date()
        session.commit()  # on disk before the next mail: never sent twice in a day
        sent += 1
    return sent


def send_all(session: Session, link_for, now: datetime | None = None) -> int:
    """Every organisation's staff digests; `link_for(organisation)` gives its link builder."""
    total = 0
    for organisation in session.scalars(select(Organisation).order_by(Organisation.id)).all():
        use_organisation(session, organisation.id)
        total += send_staff_digests(session, link_for(organisation), now)
    use_organisation(session, None)
    log.info("staff digests: %s sent", total)
    return total


def _message(user: User, news: StaffNews, link) -> EmailMessage:
    locale = user.locale or "en"
    with force_locale(locale):
        body = render_template("accounts/mail/staff_digest.txt", news=news, link=link)
        subject = gettext("What waits for you today")
    return EmailMessage(subject=subject, body=body, to=[user.email],
                        headers={"Content-Language": locale, "Auto-Submitted": "auto-generated"})
