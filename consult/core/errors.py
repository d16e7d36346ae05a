"""Typed errors raised by services; their messages are translatable and safe to show."""

from __future__ import annotations


class ConsultError(Exception):
    """A domain rule refused an operation. `status` is the HTTP status a view should use."""

    status = 400

    def __init__(self, message: object) -> None:
        # `message` may be a lazy translation: it is rendered in the reader's language.
        super().__init__(message)
        self.message = message


class NotAllowed(ConsultError):
    status = 403


class NotFound(ConsultError):
    status = 404


class Conflict(ConsultError):
    status = 409
