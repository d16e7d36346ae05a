"""What staff send to write through the API, and what they get back.

Every field's refusal says, in the reader's language, what to send instead.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from consult.api.schemas.common import TIME, always_present
from consult.ideas.intake import MAX_BYTES
from consult.ideas.intake_forms import OFFLINE_CHANNELS
from consult.responses.models import ResponseStatus

CHANNELS = [channel.value for channel in OFFLINE_CHANNELS]
NOT_TEXT = _l("Send text.")


def _text(description: object, required: bool = False, length: int | None = None,
          **kwargs) -> fields.String:
    return fields.String(
        required=required, validate=validate.Length(max=length) if length else None,
        error_messages={"required": _l("This field is required."), "invalid": NOT_TEXT,
                        "null": _l("This field cannot be null.")},
        metadata={"description": description}, **kwargs)


def _choice(values: list[str], description: object, **kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(values, error=_l(
        "Use one of: %(values)s.", values=", ".join(values))),
        error_messages={"required": _l("This field is required."), "invalid": NOT_TEXT},
        metadata={"description": description, "enum": values}, **kwargs)


class IdeaInSchema(Schema):
    text = _text(_l("The idea, as the resident gave it."), required=True, length=20_000)
    title = _text(_l("A short title, if it has one."), length=200, load_default="")
    channel = _choice(CHANNELS, _l("How the idea was received."), required=True)
    question_id = fields.Integer(load_default=None, allow_none=True, strict=True,
                                 error_messages={"invalid": _l("Send a whole number.")},
                                 metadata={"description": _l(
                                     "The question it answers; the first when not given.")})
    language = _text(_l("Its language code (es, ar…); detected when not given."), length=10,
                     load_default=None, allow_none=True)
    area = _text(_l("One of the consultation's areas, if it has any."), length=120,
                 load_default=None, allow_none=True)
    received_at = fields.AwareDateTime(
        load_default=None, allow_none=True, format="iso", error_messages={
            "invalid": _l("Send a date and time in ISO 8601 with its time zone."),
            "invalid_awareness": _l("Send a date and time in ISO 8601 with its time zone.")},
        metadata={"description": _l("When it was received (a workshop's day); now when not "
                                    "given.")})


class ImportInSchema(Schema):
    csv = _text(_l("The file's text: UTF-8 CSV with a header row (comma or semicolon)."),
                required=True, length=MAX_BYTES)
    columns = fields.Dict(
        keys=_choice(["text", "title", "area", "language", "channel", "date", "question",
                      "source_id", "original_date", "email"], _l("A field of the idea.")),
        values=fields.String(), load_default=dict,
        metadata={"description": _l("Which column holds what, e.g. {\"text\": \"comment\", "
                                    "\"source_id\": \"id\"}; the column text by default.")})
    channel = _choice(CHANNELS, _l("How the ideas were received, when the file does not "
                                   "say."), load_default="paper")
    all_or_nothing = fields.Boolean(load_default=True, metadata={"description": _l(
        "Import nothing if any row is wrong (the default), or the good rows only.")})


class AnswerInSchema(Schema):
    status = _choice([status.value for status in ResponseStatus],
                     _l("What the organisation says of the idea."), required=True)
    text = _text(_l("The answer, for the public."), required=True, length=20_000)
    office = _text(_l("The office that answers; the consultation's when not given."),
                   length=200, load_default="")


class PublishInSchema(Schema):
    """Nothing to send: an empty object."""


@always_present
class WrittenIdeaSchema(Schema):
    id = fields.Integer()
    status = fields.Function(lambda idea: idea.status.value, metadata={
        "type": "string", "description": _l("published, or pending when the consultation "
                                            "checks ideas before publishing them.")})
    channel = fields.Function(lambda idea: idea.channel.value, metadata={"type": "string"})
    language = fields.String()
    received_at = fields.DateTime(metadata=TIME)


@always_present
class ImportResultSchema(Schema):
    import_id = fields.Integer(metadata={"description": _l(
        "The import: a facilitator can undo it as one step.")})
    created = fields.List(fields.Integer(), metadata={"description": _l(
        "The ids of the ideas entered.")})
    already_imported = fields.List(fields.Integer(), metadata={"description": _l(
        "Lines skipped: their source id was imported before.")})
    refused = fields.List(fields.String(), metadata={"description": _l(
        "Lines refused, each with its reason (only when all_or_nothing is false).")})


@always_present
class WrittenAnswerSchema(Schema):
    id = fields.Integer()
    state = fields.Function(lambda answer: answer.state.value, metadata={
        "type": "string", "description": _l(
            "draft: the answer waits for an official to publish it (after review, when the "
            "organisation asks for one), on the answers' pages.")})
    status = fields.Function(lambda answer: answer.status.value, metadata={"type": "string"})
