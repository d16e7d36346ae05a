"""The API keeps the promises of its OpenAPI document: Schemathesis generates requests for every
operation from the document itself and sends them to the app through WSGI, over the world of
tests/api/conftest.py. No answer is a server error, and every answer's status, content type,
headers and body are the ones the document gives for that operation."""

from __future__ import annotations

import json

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from consult.api import spec, v1

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
EXAMPLES = 12  # per operation and phase: enough to reach each answer, quick on two cores


def document() -> dict:
    """The document as /api/v1/openapi.json serves it, written from the API's blueprint alone
    (collection comes before the test app exists; the document depends on the code only)."""
    bare = Flask(__name__)
    bare.register_blueprint(v1.bp)
    return json.loads(json.dumps(spec.build(bare), default=str))


schema = schemathesis.openapi.from_dict(document())
schema.config.generation.update(max_examples=EXAMPLES, database="none", deterministic=True)


def test_the_document_tested_is_the_one_served(client):
    assert client.get("/api/v1/openapi.json").json == document()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_the_one_the_document_promises(case, app, api_world):
    # Half the ids drawn become the world's own, so answers with data are checked, not only
    # the 404 of an id that names nothing.
    for name, value in list((case.path_parameters or {}).items()):
        if name in api_world.ids and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = api_world.ids[name]
    # The WSGI transport reads bodies as sent: ask for them uncompressed.
    case.call_and_validate(app=app, headers={"Accept-Encoding": "identity"}, checks=CHECKS)
