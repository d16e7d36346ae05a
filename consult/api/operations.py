"""Each endpoint of the API declared once, on its view: `@read(schema, summary, ...)`, or for a
staff write `@write(body, schema, summary, permission)`.

The view loads and returns what it shows: one object, or for a list a `Listing` (the public
rows and their key). The decorator reads the page asked for, serialises with the schema and
answers `{"data": ...}` (a list adds `next_cursor` and `links.next`). The OpenAPI document
(consult.api.spec) is written from the same declarations, so it says what is sent.

A write checks the bearer token (consult.api.write.auth) and calls the view with the account
and `load`, which the view calls once it has found what the address names (so an unknown or
other organisation's id is a 404 whatever the body): it reads the JSON body with its schema (a
field missing or of the wrong kind: 422, naming the field). Then the write is committed and its
result answered (201, or 200 when the same write was done before).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError

from consult.api.pagination import Listing, next_link, page_request, read_page
from consult.extensions import db

ATTRIBUTE = "consult_api_operation"


@dataclass(frozen=True)
class Operation:
    schema: type[Schema]
    summary: object  # lazily translated, as every text of the document
    description: object | None = None
    paged: bool = False
    since: object | None = None  # for a list: the time of change updated_since compares
    body: type[Schema] | None = None  # a write's request body; None for a read
    permission: str | None = None  # the permission a write needs


class With:
    """A row and what was computed for its page (counts, links kept public), read by a schema
    as attributes of one object."""

    def __init__(self, row: object, **extra: object) -> None:
        self._row = row
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> object:
        return getattr(self._row, name)


def read(schema: type[Schema], summary: object, description: object | None = None, *,
         paged: bool = False, since: object | None = None) -> Callable:
    """Declare a GET endpoint answering one `schema` object, or with `paged` a list of them;
    `since` (what the time of change is) offers updated_since on the list."""
    operation = Operation(schema, summary, description, paged, since)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def answer(**arguments):
            if not paged:
                return jsonify({"data": schema().dump(view(**arguments))})
            wanted = page_request(since_offered=since is not None)
            listing: Listing = view(**arguments)
            page = read_page(db.session, listing, wanted)
            return jsonify({"data": schema(many=True).dump(page.items),
                            "next_cursor": page.next_cursor,
                            "links": {"next": next_link(page, wanted)}})

        setattr(answer, ATTRIBUTE, operation)
        return answer

    return decorate


def write(body: type[Schema], schema: type[Schema], summary: object,
          permission: str, description: object | None = None) -> Callable:
    """Declare a POST endpoint for staff: the view gets ``actor`` and ``load`` (which gives the
    body, read and checked) and returns (the object `schema` answers, whether it was created
    now)."""
    operation = Operation(schema, summary, description, body=body, permission=permission)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def answer(**arguments):
            from consult.api.write.auth import token_actor

            actor = token_actor(permission)
            result, created = view(actor=actor, load=lambda: _body(body), **arguments)
            db.session.commit()
            response = jsonify({"data": schema().dump(result)})
            response.status_code = 201 if created else 200
            return response

        setattr(answer, ATTRIBUTE, operation)
        return answer

    return decorate


def _body(body: type[Schema]) -> dict:
    from consult.api.errors import ApiError

    sent = request.get_json(silent=True)
    if not isinstance(sent, dict):
        raise ApiError("invalid_body", _l("Send a JSON object, with Content-Type: "
                                          "application/json."), 400)
    try:
        return body().load(sent)
    except ValidationError as error:
        field, problems = next(iter(error.normalized_messages().items()))
        problem = problems[0] if isinstance(problems, list) else problems
        raise ApiError("invalid_field", _l("%(field)s: %(problem)s", field=field,
                                           problem=problem), 422) from None


def operation_of(view: Callable) -> Operation | None:
    return getattr(view, ATTRIBUTE, None)
