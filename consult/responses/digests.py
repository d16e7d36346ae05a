"""The daily digest: one mail per resident with the news about their ideas and about what
they follow (each followed consultation or commitment with its own link to stop following it).

A notice leaves the queue only once the mail server has accepted the digest holding it. When
the server refuses a digest or cannot be reached, its notices stay queued with the error, and
the next run tries again; the other residents still get theirs.

Delivery is at least once per resident, and exactly once but for one window. Each resident's
digest is a short transaction of its own: send, then mark its notices sent and commit, before
the next resident's is sent. A process killed at any point loses nothing, since whatever is
not marked sent is sent by the next run. The one mail that can go twice is the digest in
flight when the process died: accepted by the mail server but not yet committed as sent. A
digest is never marked sent before it is sent, because a kill would then lose it for good.
That one copy carries the same Message-ID as the first, derived from the notices it holds, so
mail systems that deduplicate on it, and readers, see the same message.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, gettext, ngettext
from flask_mailman import EmailMessage
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from consult.config import ConfigError
from consult.core import events
from consult.core.base import utcnow
from consult.core.organisation import Organisation
from consult.core.tenancy import use_organisation
from consult.core.tokens import unsubscribe_token
from consult.extensions import mail
from consult.ideas.models import Submission
from consult.plans.models import Commitment, CommitmentStatus
from consult.responses import answers, follow_news
from consult.responses.follow_news import FollowNews
from consult.responses.models import MailOptOut, Notice, NoticeKind, Response
from consult.responses.notices import address_of

log = logging.getLogger(__name__)
ERROR_MAX = 500

LinkBuilder = Callable[..., str]


@dataclass
class DigestReport:
    mails: int = 0  # digests the mail server accepted
    notices: int = 0  # the notices they held
    failed: int = 0  # addresses whose digest waits for the next run


@dataclass
class IdeaNews:
    """What one idea has to tell: its standing answer, the published commitments it feeds."""

    idea: Submission
    link: str
    answer: Response | None = None
    commitments: list[tuple[Commitment, str]] = field(default_factory=list)


@dataclass
class _Digest:
    email: str
    notice_ids: list[int]
    message: EmailMessage | None  # None: nothing left to tell, the notices are settled quietly


def send_digests(session: Session, now: datetime | None = None) -> DigestReport:
    """Send every address with waiting notices one digest in its language, and settle them;
    organisation by organisation, each digest with links to its own site.

    Commits once per resident, right after the mail server took their digest: that fact is
    on disk before the next one is sent, so a crash can send at most the digest in flight
    twice, and never loses one (see the module's docstring).
    """
    now, total = now or utcnow(), DigestReport()
    for organisation in session.scalars(select(Organisation).order_by(Organisation.id)).all():
        use_organisation(session, organisation.id)
        report = _send_for(session, link_builder(organisation), now)
        total.mails, total.notices = total.mails + report.mails, total.notices + report.notices
        total.failed += report.failed
    use_organisation(session, None)
    log.info("digests: %s sent, %s addresses to retry", total.mails, total.failed)
    return total


def _send_for(session: Session, link: LinkBuilder, now: datetime) -> DigestReport:
    """The digests of the organisation the session acts for."""
    digests, stale = _prepare(session, link)
    session.commit()  # no transaction is held while the mail server answers
    if stale:
        session.execute(delete(Notice).where(Notice.id.in_(stale)))
        session.commit()
    report = _deliver(session, digests, now)
    if report.mails or report.failed:
        events.record(session, None, "digests.sent", None, asdict(report))
        session.commit()
    return report


def site_url(organisation: Organisation) -> str:
    """The address of an organisation's site: its first host name, with the scheme of
    CONSULT_BASE_URL; CONSULT_BASE_URL itself for an organisation that names no host."""
    base = current_app.config.get("CONSULT_BASE_URL")
    if not organisation.hosts:
        if not base:
            raise ConfigError("CONSULT_BASE_URL must be set to send mail with links to the site")
        return base
    scheme = urlsplit(base).scheme if base else "https"
    return f"{scheme}://{organisation.hosts[0].host}"


def link_builder(organisation: Organisation) -> LinkBuilder:
    parts = urlsplit(site_url(organisation))
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path.rstrip("/") or "/",
                                       url_scheme=parts.scheme)
    return lambda endpoint, **values: adapter.build(endpoint, values, force_external=True)


def _prepare(session: Session, link: LinkBuilder) -> tuple[list[_Digest], list[int]]:
    """The digests to send, and the notices whose address is no longer the idea's (an erased
    account, a removed address): those are dropped, never mailed."""
    pending = session.scalars(select(Notice).where(Notice.sent_at.is_(None))
                              .options(selectinload(Notice.submission)
                                       .selectinload(Submission.author),
                                       selectinload(Notice.follow))
                              .order_by(Notice.email, Notice.id)).all()
    opted_out = set(session.scalars(select(MailOptOut.email)))
    by_email: dict[str, list[Notice]] = defaultdict(list)
    stale = []
    for notice in pending:
        if not _still_addressed(notice):
            stale.append(notice.id)
        elif notice.email not in opted_out:
            by_email[notice.email].append(notice)
    standing = answers.standing_for_ideas(
        session, {n.submission_id for n in pending if n.kind is NoticeKind.ANSWERED})
    commitments = {c.id: c for c in session.scalars(
        select(Commitment).where(Commitment.id.in_(
            {n.ref_id for n in pending if n.kind is NoticeKind.FED_COMMITMENT}))
        .options(selectinload(Commitment.plan)))}
    digests = []
    for email, notices in by_email.items():
        news: dict[int, IdeaNews] = {}
        settled = [notice for notice in notices if notice.follow_id is not None
                   or _gather(notice, news, standing, commitments, link)]
        followed = follow_news.gather(
            session, [notice for notice in settled if notice.follow_id is not None], link)
        if settled:
            ids = [notice.id for notice in settled]
            message = _message(email, _locale(settled[-1].language), list(news.values()),
                               list(followed.values()), link,
                               _message_id(email, ids, link)) if news or followed else None
            digests.append(_Digest(email, ids, message))
    return digests, stale


def _still_addressed(notice: Notice) -> bool:
    """The notice still goes to this address: the idea's address, or a live follow's."""
    if notice.follow_id is not None or notice.submission_id is None:
        return follow_news.is_live(notice)
    return address_of(notice.submission) == notice.email


def _gather(notice: Notice, news: dict[int, IdeaNews], standing: dict[int, Response],
            commitments: dict[int, Commitment], link: LinkBuilder) -> bool:
    """Add what `notice` tells to `news`. False when it must wait: its commitment's plan is
    not public yet. A notice with nothing left to tell is settled without a line."""
    idea = notice.submission
    if notice.kind is NoticeKind.ANSWERED:
        answer, commitment = standing.get(idea.id), None
        if answer is None:
            return True
    else:
        answer, commitment = None, commitments.get(notice.ref_id)
        if commitment is None:
            return True
        if commitment.status is not CommitmentStatus.PUBLISHED or not commitment.plan.is_published:
            return False
    entry = news.setdefault(idea.id, IdeaNews(idea, link("submissions.show",
                                                         submission_id=idea.id)))
    if answer is not None:
        entry.answer = answer
    if commitment is not None and all(c.id != commitment.id for c, _ in entry.commitments):
        entry.commitments.append(
            (commitment, link("plans.commitment", commitment_id=commitment.id)))
    return True


def _locale(language: str) -> str:
    supported = current_app.config["CONSULT_LOCALES"]
    for code in (language, language.replace("-", "_").split("_")[0]):
        if code in supported:
            return code
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _message_id(email: str, notice_ids: list[int], link: LinkBuilder) -> str:
    """The same for the same resident and notices: a digest sent again after a crash is
    recognisably the same message."""
    key = hashlib.sha256(f"{email}\n{sorted(notice_ids)}".encode()).hexdigest()[:32]
    host = urlsplit(link("main.home")).hostname or "localhost"
    return f"<digest-{key}@{host}>"


def _message(email: str, locale: str, news: list[IdeaNews], followed: list[FollowNews],
             link: LinkBuilder, message_id: str) -> EmailMessage:
    unsubscribe = link("mail.unsubscribe", token=unsubscribe_token(email))
    with force_locale(locale):
        body = render_template("responses/mail/digest.txt", news=news, followed=followed,
                               unsubscribe=unsubscribe)
        subject = (ngettext("News about your idea", "News about your %(num)s ideas", len(news))
                   if news else gettext("News of what you follow"))
    headers = {
        "Content-Language": locale,
        # RFC 8058: mail clients offer an unsubscribe button that posts to this link.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "Message-ID": message_id,
    }
    return EmailMessage(subject=subject, body=body, to=[email], headers=headers)


def _deliver(session: Session, digests: list[_Digest], now: datetime) -> DigestReport:
    report = DigestReport()
    connection = mail.get_connection()
    unreachable: str | None = None  # once the server cannot be reached, the rest wait too
    try:
        for digest in digests:
            if digest.message is None:
                _settle(session, digest.notice_ids, now, attempt=False)
            else:
                if unreachable is None:
                    unreachable = _open(connection)
                error = unreachable or _send(connection, digest.message)
                _settle(session, digest.notice_ids, now, error=error)
                if error is None:
                    report.mails += 1
                    report.notices += len(digest.notice_ids)
                else:
                    report.failed += 1
            session.commit()
    finally:
        _close(connection)
    return report


def _open(connection) -> str | None:
    try:
        connection.open()
    except OSError as error:  # smtplib's errors are OSErrors too
        return _describe(error)
    return None


def _send(connection, message: EmailMessage) -> str | None:
    try:
        if connection.send_messages([message]):
            return None
        return "not sent"
    except OSError as error:
        _close(connection)  # the next digest starts on a fresh connection
        return _describe(error)


def _close(connection) -> None:
    try:
        connection.close()
    except OSError:
        connection.connection = None


def _describe(error: OSError) -> str:
    """The server's answer, or the kind of failure: what an operator needs to act on."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, reply = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, reply = error.smtp_code, error.smtp_error
    else:
        return f"{type(error).__name__}: {error}"[:ERROR_MAX]
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return f"{code} {reply}"[:ERROR_MAX]


def _settle(session: Session, ids: list[int], now: datetime, *, error: str | None = None,
            attempt: bool = True) -> None:
    values: dict = {"last_error": error}
    if attempt:
        values["attempts"] = Notice.attempts + 1
    if error is None:
        values["sent_at"] = now
    session.execute(update(Notice).where(Notice.id.in_(ids)).values(**values),
                    execution_options={"synchronize_session": False})
