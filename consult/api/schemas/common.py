"""What every response schema shares: every field always present, links, the error body.

The schemas serialise the API's responses and, through apispec, write the OpenAPI document:
one declaration for both, so the document says what is sent.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

TIME = {"format": "date-time"}


def always_present(schema: type[Schema]) -> type[Schema]:
    """Mark every field of `schema` required: the API sends each one, null when it has no
    value, never leaves it out, and the document says so."""
    for field in schema._declared_fields.values():
        field.required = True
    return schema


def links(description: object) -> fields.Method:
    """A `links` object (name → absolute URL) computed by the schema's `links_of` method."""
    return fields.Method("links_of", metadata={
        "type": "object", "additionalProperties": {"type": "string", "format": "uri"},
        "description": description})


def nullable_time(method: str, description: object) -> fields.Method:
    """A moment computed by `method`, or null."""
    return fields.Method(method, metadata={"type": ["string", "null"], **TIME,
                                           "description": description})


@always_present
class ErrorBodySchema(Schema):
    code = fields.String(metadata={"description": _l(
        "A code that does not change, for programs: not_found, invalid_cursor, invalid_limit…")})
    message = fields.String(metadata={"description": _l(
        "What went wrong, for people, in the reader's language (Accept-Language).")})


@always_present
class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema)


@always_present
class LinksSchema(Schema):
    """The API's own addresses: where to start reading."""

    links = fields.Dict(keys=fields.String(), values=fields.String(),
                        metadata={"description": _l("Name → absolute URL.")})
