"""Error pages: a full translated page, a fragment for htmx, or JSON for the API."""

from __future__ import annotations

from flask import Flask, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from consult.extensions import db
from consult.services.errors import ConsultError
from consult.web.htmx import is_fragment_request

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
    429: (
        _l("Too many requests"),
        _l("You have sent too many requests in a short time. Please wait a minute and try again."),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("What you sent has not been lost if you saw a confirmation. Please try again later."),
    ),
}
CSRF_MESSAGE = _l(
    "Your form expired or was sent from another page. Go back, reload the page and send it again."
)


def render_error(status: int, message: str | None = None):
    title, default_message = MESSAGES.get(status, MESSAGES[400])
    detail = str(message or default_message)
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": str(title), "message": detail}, status
    template = "errors/_error.html" if is_fragment_request() else "errors/error.html"
    return render_template(template, status=status, title=title, message=detail), status


def _http_error(error: HTTPException):
    if error.code == 401:
        return redirect(url_for("security.login", next=request.full_path.rstrip("?")))
    return render_error(error.code or 500)


def _csrf_error(error: CSRFError):
    return render_error(400, CSRF_MESSAGE)


def _domain_error(error: ConsultError):
    db.session.rollback()
    return render_error(error.status, error.message)


def _server_error(error: Exception):
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(ConsultError, _domain_error)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(HTTPException, _http_error)
