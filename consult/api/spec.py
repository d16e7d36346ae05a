"""The API's OpenAPI 3.1 document, written from the code.

Every endpoint is declared once, on its view (consult.api.operations.read): its schema, its
summary, whether it is a list, whether it takes updated_since. This module walks the app's URL
rules under the API, and apispec, with its marshmallow plugin, turns those declarations and the
schemas into the document: what the document says is what the views send, by construction.

Why apispec and marshmallow: apispec (marshmallow-code) is the long-kept generator behind
flask-smorest and others, writes OpenAPI 3.1 (`openapi_version="3.1.0"`: nullable fields as
`["string", "null"]`), and does nothing else. flask-smorest would add its own blueprints,
argument parsing and error bodies, in place of the ones this API shares with the site (errors,
pagination, caching); here the schemas serialise the responses and write the document, and the
views stay plain Flask.

Texts stay lazy in the document: /openapi.json is written in English, the reference page in
the reader's language.
"""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from flask_babel import lazy_gettext as _l
from marshmallow import Schema

from consult.api.operations import Operation, operation_of
from consult.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from consult.api.schemas.common import ErrorSchema
from consult.core.ids import MAX_ID

OPENAPI_VERSION = "3.1.0"
RULE_PREFIX = "/api/v1"
ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
TAGS = {
    "site": _l("The site"), "consultations": _l("Consultations"), "ideas": _l("Ideas"),
    "themes": _l("Themes"), "opinions": _l("Opinion groups"), "plans": _l("Action plans"),
    "follow_up": _l("What became of commitments"), "answers": _l("Answers"),
    "assemblies": _l("Citizens' assemblies"), "events": _l("The event log"),
    "write_ideas": _l("Entering ideas (staff)"), "write_answers": _l("Answering (staff)"),
}
PATH_PARAMETERS = {
    "consultation_id": _l("A consultation's id."), "submission_id": _l("An idea's id."),
    "theme_id": _l("A theme's id."), "plan_id": _l("An action plan's id."),
    "commitment_id": _l("A commitment's id."), "assembly_id": _l("An assembly's id."),
    "number": _l("The round's number in its assembly."), "answer_id": _l("An answer's id."),
}
BEARER = {"type": "http", "scheme": "bearer", "description": _l(
    "A personal access token, created by a staff member on their account page (API tokens); "
    "one that may write, for the writes.")}
_RULE_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


def schema_name(schema: type[Schema] | Schema) -> str:
    """A schema's name in the document: its class name less "Schema"."""
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__.removesuffix("Schema")


def _path(rule: str) -> tuple[str, list[dict]]:
    """A URL rule as an OpenAPI path, and its path parameters."""
    parameters = []

    def parameter(match: re.Match) -> str:
        converter, name = match.group(1), match.group(2)
        schema = ({"type": "integer", "minimum": 0, "maximum": MAX_ID} if converter == "int"
                  else {"type": "string"})
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema,
                           "description": PATH_PARAMETERS.get(name, "")})
        return "{" + name + "}"

    return _RULE_ARGUMENT.sub(parameter, rule), parameters


def _query(operation: Operation) -> list[dict]:
    found = [
        {"name": "limit", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                    "default": DEFAULT_LIMIT},
         "description": _l("Rows per page, from 1 to 200; 50 when not given.")},
        {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
         "description": _l("Where to go on from: the next_cursor of the page before, as it was "
                           "given, with the same filters.")},
    ]
    if operation.since is not None:
        found.append({"name": "updated_since", "in": "query", "required": False,
                      "schema": {"type": "string", "format": "date-time"},
                      "description": _l("Only the rows changed at or after this moment (ISO 8601 "
                                        "with its time zone; not in the future), the oldest "
                                        "change first. The time of change here: "
                                        "%(changed)s.", changed=operation.since)})
    return found


def _envelope(spec: APISpec, operation: Operation) -> str:
    """The name of the response body's schema: {"data": …}, with the page's cursor for a
    list; added to the document on first use."""
    item = schema_name(operation.schema)
    if item not in spec.components.schemas:
        spec.components.schema(item, schema=operation.schema)
    name = f"{item}Page" if operation.paged else f"{item}Data"
    if name in spec.components.schemas:
        return name
    reference = {"$ref": f"#/components/schemas/{item}"}
    properties: dict = {"data": {"type": "array", "items": reference} if operation.paged
                        else reference}
    if operation.paged:
        properties["next_cursor"] = {"type": ["string", "null"], "description": _l(
            "Give it as cursor for the next page; null on the last page.")}
        properties["links"] = {
            "type": "object", "required": ["next"], "additionalProperties": False,
            "properties": {"next": {"type": ["string", "null"], "format": "uri",
                                    "description": _l("The next page's address, or null.")}}}
    spec.components.schema(name, component={"type": "object", "properties": properties,
                                             "required": list(properties),
                                             "additionalProperties": False})
    return name


def _responses(envelope: str, paged: bool) -> dict:
    body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{envelope}"}}}
    text = {"schema": {"type": "string"}}
    responses = {
        "200": {"description": _l("The data."), "content": body, "headers": {
            "ETag": {**text, "description": _l("Send it back as If-None-Match to be told, "
                                               "with a 304, that nothing changed.")},
            "Cache-Control": {**text, "description": "public, no-cache"}}},
        "304": {"description": _l("Not modified: the copy you have is current.")},
        "404": {"description": _l("Not found, or not public."), **ERROR},
        "429": {"description": _l("Too many requests: wait the seconds Retry-After says."),
                **ERROR},
        "503": {"description": _l("The database cannot be reached: try again after the seconds "
                                  "Retry-After says."), **ERROR},
    }
    if paged:
        responses["400"] = {"description": _l("limit, cursor or updated_since cannot be read."),
                            **ERROR}
    return responses


def _write_responses(envelope: str) -> dict:
    body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{envelope}"}}}
    return {
        "201": {"description": _l("Written."), "content": body},
        "200": {"description": _l("Done, or done before (the same Idempotency-Key)."),
                "content": body},
        "400": {"description": _l("The body is not a JSON object, or the service refused "
                                  "it."), **ERROR},
        "401": {"description": _l("No token, or not a valid one."), **ERROR},
        "403": {"description": _l("A read-only token, roles that do not allow it, or a step "
                                  "the organisation requires first."), **ERROR},
        "404": {"description": _l("Not found, or not public."), **ERROR},
        "409": {"description": _l("It conflicts with what is there (an answer already in "
                                  "progress…)."), **ERROR},
        "413": {"description": _l("The body is too large."), **ERROR},
        "422": {"description": _l("A field is missing or wrong: the message names it."),
                **ERROR},
        "429": {"description": _l("Too many requests: wait the seconds Retry-After says."),
                **ERROR},
        "503": {"description": _l("The database cannot be reached: try again after the seconds "
                                  "Retry-After says."), **ERROR},
    }


def _write_operation(spec: APISpec, endpoint: str, tag: str, operation: Operation,
                     parameters: list[dict]) -> dict:
    body = schema_name(operation.body)
    if body not in spec.components.schemas:
        spec.components.schema(body, schema=operation.body)
    return {"post": {
        "operationId": endpoint, "tags": [tag], "summary": operation.summary,
        "description": operation.description or "", "parameters": parameters,
        "security": [{"token": []}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{body}"}}}},
        "responses": _write_responses(_envelope(spec, operation))}}


def build(app: Flask) -> dict:
    """The document, as a dict whose texts are lazy translations."""
    spec = APISpec(title="Consult", version="1", openapi_version=OPENAPI_VERSION,
                   plugins=[MarshmallowPlugin(schema_name_resolver=schema_name)],
                   info={"description": _l(
                       "The public data of this site: consultations, ideas, themes, action "
                       "plans, answers, assemblies and the event log. Read only, no account "
                       "needed; never any personal data.")})
    spec.components.schema("Error", schema=ErrorSchema)
    spec.components.security_scheme("token", BEARER)
    tags = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        operation = operation_of(app.view_functions[rule.endpoint])
        if operation is None or not rule.rule.startswith(RULE_PREFIX):
            continue
        tag = rule.endpoint.split(".")[1]
        if tag not in tags:
            tags.append(tag)
        path, parameters = _path(rule.rule)
        if operation.body is not None:
            spec.path(path=path, operations=_write_operation(
                spec, rule.endpoint.removeprefix("api."), tag, operation, parameters))
            continue
        if operation.paged:
            parameters += _query(operation)
        spec.path(path=path, operations={"get": {
            "operationId": rule.endpoint.removeprefix("api."), "tags": [tag],
            "summary": operation.summary, "description": operation.description or "",
            "parameters": parameters,
            "responses": _responses(_envelope(spec, operation), operation.paged)}})
    order = list(TAGS)  # the order of the flow, as the reference page lists them
    for tag in sorted(tags, key=lambda name: order.index(name) if name in order else len(order)):
        spec.tag({"name": tag, "description": TAGS.get(tag, tag)})
    return spec.to_dict()
