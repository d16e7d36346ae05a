"""What the residents' views share: building the idea form, supporter cookies, tracking."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Response, current_app, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_mailman import EmailMessage
from werkzeug.datastructures import MultiDict

from consult.consultations.models import Consultation
from consult.consultations.text import localized
from consult.core.base import utcnow
from consult.core.dates import format_moment
from consult.core.errors import ConsultError, NotFound
from consult.core.ids import database_id
from consult.core.languages import language_name
from consult.core.tokens import (
    new_supporter_token,
    read_tracking_token,
    supporter_key,
    tracking_token,
)
from consult.core.user import User
from consult.extensions import db
from consult.ideas import submitting as service
from consult.ideas.forms import SubmissionForm
from consult.ideas.languages import OFFERED
from consult.ideas.listing import SEARCH_LENGTH, SORTS, ListingQuery
from consult.ideas.mail import tracking_link_message
from consult.ideas.models import Submission
from consult.ideas.spam import bot_suspicion, started_value
from consult.web.kept_form import kept_fields
from consult.web.paging import page_number

log = logging.getLogger(__name__)
SUPPORTER_COOKIE = "supporter"
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def account() -> User | None:
    return current_user if current_user.is_authenticated else None


def _int(value: str | None) -> int | None:
    try:
        return database_id(value)
    except (TypeError, ValueError):
        return None


def listing_query(args: MultiDict) -> ListingQuery:
    """Search, filters, sort and page from the query string; nonsense values are ignored."""
    sort = args.get("sort", "newest")
    return ListingQuery(
        q=args.get("q", "").strip()[:SEARCH_LENGTH],
        question_id=_int(args.get("question")),
        area=args.get("area") or None,
        language=args.get("language") or None,
        sort=sort if sort in SORTS else "newest",
        page=page_number(args),
    )


def submission_form() -> SubmissionForm:
    """The idea form, with what was sent if it was. Reads nothing from the database.

    Build it before the first query: on SQLite, a POST holds the write lock from its first
    query to its commit (see consult.database), so work done earlier does not hold up others.
    """
    form = SubmissionForm()
    if not form.is_submitted():
        form.started.data = started_value()
        form.idempotency_key.data = secrets.token_urlsafe(24)
    return form


def offer_choices(form: SubmissionForm, consultation: Consultation) -> None:
    """The consultation's questions, areas and languages as the form's choices, each in the
    reader's language when the consultation has it in that language."""
    locale = str(get_locale())
    text = localized(consultation, locale)
    form.question.choices = [(q.id, shown.text) for q, shown
                             in zip(consultation.questions, text.questions, strict=True)]
    form.area.choices = [("", _l("No particular area")), *text.areas]
    languages = consultation.languages or list(OFFERED)
    form.language.choices = [("", _l("Detect it for me"))] + [
        (code, language_name(code, locale)) for code in languages
    ]


def closed_notice(consultation: Consultation, now: datetime | None = None) -> str | None:
    """Why the idea form of `consultation` takes no idea, or None while it is open.

    The same rule as the service's (the phase), said before anyone writes.
    """
    if consultation.is_open:
        return None
    closes_at = consultation.closes_at
    if closes_at is not None and closes_at.tzinfo is None:  # not yet read back from the database
        closes_at = closes_at.replace(tzinfo=UTC)
    if closes_at is not None and closes_at <= (now or utcnow()):
        return _("This consultation closed on %(date)s: it no longer takes new ideas.",
                 date=format_moment(closes_at))
    return _("This consultation is closed: it no longer takes new ideas.")


def sent_back() -> dict | None:
    """What a resident sent to a form that cannot take it, to be copied from the page."""
    if request.method != "POST":
        return None
    return {"fields": kept_fields(request.form), "csrf_token": None}


def _idempotency_key(value: str | None) -> str | None:
    return value if value and IDEMPOTENCY_KEY.fullmatch(value) else None


def submit(consultation: Consultation, form: SubmissionForm) -> Submission:
    suspicion = bot_suspicion(form.website.data, form.started.data)
    if suspicion:
        form.started.data = started_value()
        raise ConsultError(suspicion)
    data = service.IdeaInput(
        text=form.text.data or "", title=form.title.data or "",
        question_id=form.question.data, area=form.area.data or None,
        language=form.language.data or None, email=form.email.data or None,
        idempotency_key=_idempotency_key(form.idempotency_key.data),
    )
    return service.submit_idea(db.session, account(), consultation, data)


@dataclass(frozen=True)
class Receipt:
    """What a resident gets for a stored idea: its private tracking token, and the mail."""

    submission_id: int
    token: str
    mail: EmailMessage | None


def receipt(submission: Submission, mail: bool = True) -> Receipt:
    """The receipt of a submission, prepared before the commit.

    The commit expires the submission: reading it afterwards would start a new transaction,
    which on SQLite holds the write lock (see consult.database) while the mail is sent.
    """
    token = tracking_token(submission.id, submission.tracking_nonce)
    message = None
    if mail and submission.contact_email:
        link = url_for("submissions.track", token=token, _external=True)
        message = tracking_link_message(submission.contact_email, link, submission)
    return Receipt(submission.id, token, message)


def after_submit(receipt: Receipt) -> Response:
    """Once committed: the private tracking page, and the link by email if one was given."""
    if receipt.mail is not None:
        try:
            receipt.mail.send()
        except OSError:
            log.warning("tracking mail for submission %s could not be sent", receipt.submission_id)
    return redirect(url_for("submissions.track", token=receipt.token, received=1))


def tracked_submission(token: str) -> Submission:
    parsed = read_tracking_token(token)
    submission = db.session.get(Submission, parsed[0]) if parsed else None
    if submission is None or submission.tracking_nonce != parsed[1]:
        raise NotFound(_("This tracking link is not valid. Check that it was copied whole."))
    return submission


def supporter() -> tuple[str | None, str | None]:
    """(key of this anonymous browser, new cookie value to set or None)."""
    if account():
        return None, None
    token = request.cookies.get(SUPPORTER_COOKIE)
    key = supporter_key(token)
    if key:
        return key, None
    token = new_supporter_token()
    return supporter_key(token), token


def remember_supporter(response: Response, token: str | None) -> Response:
    if token:
        response.set_cookie(
            SUPPORTER_COOKIE, token, max_age=2 * 365 * 24 * 3600, httponly=True, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def support_context(submission: Submission, key: str | None = None) -> dict:
    if key is None and not account():
        key = supporter_key(request.cookies.get(SUPPORTER_COOKIE))
    supported = service.has_supported(db.session, submission, account(), key)
    return {"supported": supported}
