"""The API's errors: always JSON, `{"error": {"code": "...", "message": "..."}}`, with the
message in the reader's language (Accept-Language, as on pages); never a page of HTML, never a
bare 500.

Views raise `ApiError` for a parameter they cannot read, and the services' own `ConsultError`
(NotFound…) for what is not public; the handlers `register` puts on the API's blueprint turn
those, and every HTTP error, into that body. A URL under /api/ that names no endpoint (or not
with this method) never reaches a blueprint, so `answer_before_anything` answers it, first of
all, as it answers a Host header the site refuses.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, NotFound
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.routing import RequestRedirect

from consult.core.errors import ConsultError
from consult.extensions import db
from consult.web.errors import MESSAGES
from consult.web.hosts import HOST_MESSAGE, REFUSED
from consult.web.http_caching import VARY
from consult.web.outage import RETRY_AFTER_SECONDS, mark_database_unavailable

log = logging.getLogger(__name__)

PREFIX = "/api/"
RATE_WINDOW_SECONDS = 60  # Retry-After when the limiter could not say


class ApiError(Exception):
    """A request the API cannot answer as asked: a bad parameter, mostly. `code` is stable, for
    programs; `message` is for people, lazily translated."""

    def __init__(self, code: str, message: object, status: int = 400) -> None:
        super().__init__(code)
        self.code, self.message, self.status = code, message, status


def is_api_path(path: str) -> bool:
    return path.startswith(PREFIX)


def status_code_name(status: int) -> str:
    """The HTTP reason phrase as a code: not_found for 404."""
    return HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_").replace("-", "_")


def error_response(status: int, code: str, message: object,
                   headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": str(message)}})
    response.status_code = status
    response.headers.update(headers or {})
    # The message follows the reader's language; an error is worth keeping nowhere.
    response.headers["Cache-Control"] = "no-store"
    response.vary.update(VARY)
    return response


def _default_message(status: int) -> object:
    if status == 404:
        return MESSAGES[404][1]  # "The address may be mistyped…"
    title, detail = MESSAGES.get(status, MESSAGES[400])
    return detail if status == 429 else title


def http_error(error: HTTPException) -> Response:
    status = error.code or 500
    headers = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if status == 429:
        retry = getattr(error, "retry_after", None)
        headers["Retry-After"] = str(retry if isinstance(retry, int) else RATE_WINDOW_SECONDS)
    return error_response(status, status_code_name(status), _default_message(status), headers)


def _api_error(error: ApiError) -> Response:
    return error_response(error.status, error.code, error.message)


def _domain_error(error: ConsultError) -> Response:
    db.session.rollback()
    return error_response(error.status, status_code_name(error.status), error.message)


def _unavailable(error: Exception) -> Response:
    log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    _rollback()
    mark_database_unavailable()
    return error_response(503, status_code_name(503), MESSAGES[503][0],
                          {"Retry-After": str(RETRY_AFTER_SECONDS)})


def _server_error(error: InternalServerError) -> Response:
    original = getattr(error, "original_exception", None)
    if isinstance(original, OperationalError | InterfaceError | PoolTimeout):
        return _unavailable(original)
    _rollback()
    return http_error(error)


def _rollback() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection itself is gone: the pool replaces it
        log.warning("rollback failed: the database connection was lost")


def register(bp: Blueprint) -> None:
    """Every error of the API's views, and of the steps before them (host, organisation, rate
    limit), answered as JSON."""
    bp.register_error_handler(ApiError, _api_error)
    bp.register_error_handler(ConsultError, _domain_error)
    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        bp.register_error_handler(unavailable, _unavailable)
    bp.register_error_handler(InternalServerError, _server_error)
    bp.register_error_handler(HTTPException, http_error)


def answer_before_anything() -> Response | None:
    """For a URL under /api/: a Host header the site refuses (400, as consult.web.hosts says
    for pages), a URL that matches no endpoint (404), or none for this method (405)."""
    if not is_api_path(request.path):
        return None
    if request.environ.get(REFUSED):
        return error_response(400, status_code_name(400), HOST_MESSAGE)
    error = request.routing_exception
    if error is None or isinstance(error, RequestRedirect):
        return None
    assert isinstance(error, HTTPException)
    if isinstance(error, MethodNotAllowed) and _no_such_path(error):
        error = NotFound()
    return http_error(error)


def _no_such_path(error: MethodNotAllowed) -> bool:
    """Werkzeug says 405 for an id out of range on an address another method shares; no
    method has it, so it is a 404."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(method=sorted(error.valid_methods or ["GET"])[0])
    except NotFound:
        return True
    except HTTPException:
        return False
    return False


def init_app(app: Flask) -> None:
    # Before anything else reads the request: such a request reads nothing.
    app.before_request_funcs.setdefault(None, []).insert(0, answer_before_anything)
