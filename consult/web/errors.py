"""Error pages: a full translated page, a fragment for htmx, or JSON for the API.

No error reaches the reader as the server's bare page. When the database is busy beyond
its retry budget or cannot be reached, the answer is a 503 with `Retry-After`, drawn
without the database (see `consult.web.outage`), and a form that was sent comes back with
everything in it, ready to be sent again.
"""

from __future__ import annotations

import logging

from flask import Flask, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError
from wtforms.validators import ValidationError

from consult.core.errors import ConsultError
from consult.extensions import db
from consult.web.htmx import is_fragment_request
from consult.web.kept_form import kept_fields
from consult.web.outage import RETRY_AFTER_SECONDS, database_unavailable, mark_database_unavailable

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something was wrong with that request"), _l("Please go back and try again.")),
    403: (
        _l("You do not have permission to see this page"),
        _l("If you think you should, ask an administrator of this site."),
    ),
    404: (
        _l("Page not found"),
        _l("The address may be mistyped, or the page may have moved."),
    ),
    405: (_l("That action is not possible here"), _l("Please go back and try again.")),
    413: (
        _l("What you sent is too large"),
        _l("Please send a smaller file or a shorter text."),
    ),
    422: (
        _l("Something in the form needs correcting"),
        _l("Please go back, check what you entered and send it again."),
    ),
    429: (
        _l("Too many requests"),
        _l("You have sent too many requests in a short time. Please wait a minute and try again."),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("What you sent has not been lost if you saw a confirmation. Please try again later."),
    ),
    503: (
        _l("The site is busy right now"),
        _l("Nothing you sent has been stored yet. Please wait a few seconds and try again."),
    ),
}
CSRF_MESSAGE = _l(
    "Your form expired or was sent from another page. Go back, reload the page and send it again."
)
# In a page, where htmx puts it in place of what was clicked: one plain sentence.
TOO_OFTEN_MESSAGE = _l("You have done this too often; wait a minute and try again.")
EXPIRED_FORM_MESSAGE = _l(
    "Your form expired before it was sent, so nothing was stored. "
    "What you wrote is below: check it and send it again."
)
# Forms whose sender may send again from the error page when their form expired: a resident's
# own words, which anyone may send anyway. Staff forms are never re-sent from a page that a
# forged request could have produced; their text is shown to copy instead.
RESENDABLE_AFTER_EXPIRY = frozenset({
    "submissions.new", "flags.create", "assemblies.volunteer",
})


def render_error(status: int, message: str | None = None):
    """The error page for `status`, in the reader's language; never fails on the database."""
    if status == 503:
        mark_database_unavailable()
    try:
        return _render(status, message)
    except SQLAlchemyError:
        if database_unavailable():
            raise
        _rollback()
        mark_database_unavailable()
        return _render(status, message)


def _render(status: int, message: str | None):
    title, default_message = MESSAGES.get(status, MESSAGES[400])
    detail = str(message or default_message)
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        body = {"error": str(title), "message": detail}
    elif is_fragment_request() and status == 429:
        body = render_template("errors/_too_often.html", message=str(message or TOO_OFTEN_MESSAGE),
                               kept=_kept_form(status))
    else:
        template = "errors/_error.html" if is_fragment_request() else "errors/error.html"
        body = render_template(template, status=status, title=title, message=detail,
                               kept=_kept_form(status))
    if status == 503:
        return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return body, status


def _kept_form(status: int) -> dict | None:
    """What the reader sent, to show again, and whether (with which token) to re-send it."""
    if request.method != "POST" or status == 413:  # a body too large is never read
        return None
    try:
        if not request.form:
            return None
    except HTTPException:  # a body that cannot be parsed has nothing to give back
        return None
    fields = kept_fields(request.form)
    if status == 503:
        token = request.form.get("csrf_token")
        return {"fields": fields, "csrf_token": token if _valid_csrf(token) else None}
    if status == 400 and request.endpoint in RESENDABLE_AFTER_EXPIRY:
        return {"fields": fields, "csrf_token": generate_csrf()}
    if not any(field.label for field in fields):  # a button (support…): nothing to copy
        return None
    return {"fields": fields, "csrf_token": None}


def _valid_csrf(token: str | None) -> bool:
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


def _rollback() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection itself is gone: the pool replaces it
        log.warning("rollback failed: the database connection was lost")


def _http_error(error: HTTPException):
    if error.code == 401:
        return redirect(url_for("security.login", next=request.full_path.rstrip("?")))
    return render_error(error.code or 500)


def _csrf_error(error: CSRFError):
    expired = request.method == "POST" and request.endpoint in RESENDABLE_AFTER_EXPIRY
    return render_error(400, EXPIRED_FORM_MESSAGE if expired else CSRF_MESSAGE)


def _domain_error(error: ConsultError):
    _rollback()
    return render_error(error.status, error.message)


def _database_unavailable(error: SQLAlchemyError):
    log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    _rollback()
    return render_error(503)


def _server_error(error: Exception):
    original = getattr(error, "original_exception", None)
    if isinstance(original, OperationalError | InterfaceError | PoolTimeout):
        return _database_unavailable(original)
    _rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(ConsultError, _domain_error)
    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        app.register_error_handler(unavailable, _database_unavailable)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(HTTPException, _http_error)
