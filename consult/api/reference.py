"""The OpenAPI document at /api/v1/openapi.json, and the reference page at /api/v1/docs drawn
from it by the server: every path, parameter, response and schema, in the site's layout and the
reader's language, with no script and nothing fetched from elsewhere."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app, render_template
from flask_babel import force_locale

from consult.api import spec

bp = Blueprint("reference", __name__)
DOCUMENT = "consult_api_document"  # in app.extensions: the lazy document, built once
ENGLISH = "consult_api_document_en"  # in app.extensions: its JSON in English


def document() -> dict:
    """The document, built on first use: it depends on the code alone."""
    extensions = current_app.extensions
    if DOCUMENT not in extensions:
        extensions[DOCUMENT] = spec.build(current_app)
    return extensions[DOCUMENT]


def english_json() -> str:
    extensions = current_app.extensions
    if ENGLISH not in extensions:
        with force_locale("en"):
            extensions[ENGLISH] = json.dumps(document(), default=str, ensure_ascii=False)
    return extensions[ENGLISH]


def type_text(schema: dict) -> str:
    """A JSON Schema in a line: `Idea`, `array<string>`, `string (date-time) | null`."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kinds = schema.get("type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = []
    for kind in kinds:
        if kind == "array":
            words.append(f"array<{type_text(schema.get('items', {}))}>")
        elif kind == "string" and schema.get("format"):
            words.append(f"string ({schema['format']})")
        else:
            words.append(kind)
    text = " | ".join(words) or "any"
    if schema.get("enum"):
        text += ": " + " | ".join(json.dumps(value) for value in schema["enum"])
    return text


@dataclass
class Row:
    """A parameter, a property or a response, as a row of a table."""

    name: str
    kind: str
    description: object = ""
    required: bool = False


@dataclass
class Endpoint:
    anchor: str
    path: str
    summary: object
    description: object
    method: str = "GET"
    body: str = ""  # a write's request schema
    parameters: list[Row] = field(default_factory=list)
    responses: list[Row] = field(default_factory=list)


def _endpoints(found: dict) -> dict[str, list[Endpoint]]:
    """Tag name → its endpoints, in the document's order."""
    grouped: dict[str, list[Endpoint]] = {tag["name"]: [] for tag in found.get("tags", [])}
    for path, item in found["paths"].items():
        method, operation = next(iter(item.items()))
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        endpoint = Endpoint(operation["operationId"].replace(".", "-"), path,
                            operation["summary"], operation["description"], method.upper(),
                            type_text(body["schema"]) if body else "")
        endpoint.parameters = [Row(p["name"], f"{p['in']}, {type_text(p['schema'])}",
                                   p.get("description", ""), p.get("required", False))
                               for p in operation.get("parameters", [])]
        for status, response in operation["responses"].items():
            body = response.get("content", {}).get("application/json", {}).get("schema", {})
            endpoint.responses.append(Row(status, type_text(body) if body else "",
                                          response["description"]))
        grouped.setdefault(operation["tags"][0], []).append(endpoint)
    return grouped


def _schemas(found: dict) -> dict[str, list[Row]]:
    """Schema name → its properties."""
    return {name: [Row(key, type_text(value), value.get("description", ""),
                       key in schema.get("required", []))
                   for key, value in schema.get("properties", {}).items()]
            for name, schema in found["components"]["schemas"].items()}


@bp.get("/openapi.json")
def openapi() -> Response:
    return Response(english_json(), mimetype="application/json")


@bp.get("/docs")
def docs() -> str:
    found = document()
    return render_template("api/reference.html", info=found["info"],
                           openapi_version=found["openapi"],
                           tags={tag["name"]: tag["description"] for tag in found["tags"]},
                           endpoints=_endpoints(found), schemas=_schemas(found))
