"""The OpenAPI 3.1 document is written from the code and names every endpoint; the reference
page shows all of it, in the site's layout, with nothing fetched from elsewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from consult.api.operations import operation_of


def api_rules(app) -> dict[str, str]:
    """OpenAPI path → endpoint, for every rule of the API that answers data."""
    return {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule): rule.endpoint
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("api.") and not rule.endpoint.startswith("api.reference")}


def test_the_document_is_openapi_3_1_and_names_every_endpoint(app, client):
    response = client.get("/api/v1/openapi.json")
    document = response.json
    assert response.status_code == 200 and document["openapi"] == "3.1.0"
    assert set(document["paths"]) == set(api_rules(app))
    for path, endpoint in api_rules(app).items():
        declared = operation_of(app.view_functions[endpoint])
        if declared.body is not None:
            operation = document["paths"][path]["post"]
            assert operation["security"] == [{"token": []}]
            assert {"201", "401", "403", "422"} <= set(operation["responses"])
            continue
        operation = document["paths"][path]["get"]
        assert operation["summary"] == str(declared.summary)
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert {"limit", "cursor"} <= names if declared.paged else "limit" not in names
        assert ("updated_since" in names) == (declared.since is not None)
        assert {"200", "304", "404", "429"} <= set(operation["responses"])


def test_the_document_describes_nullable_fields_as_openapi_3_1_does(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    idea = schemas["Idea"]
    assert idea["properties"]["theme_id"]["type"] == ["integer", "null"]
    assert set(idea["required"]) == set(idea["properties"]) and not idea["additionalProperties"]
    assert schemas["IdeaPage"]["properties"]["next_cursor"]["type"] == ["string", "null"]
    assert "author_id" not in idea["properties"] and "contact_email" not in idea["properties"]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external, self.scripts, self.ids = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.scripts += tag == "script"
        for name in ("src", "href"):
            if (attrs.get(name) or "").startswith(("http://", "https://", "//")):
                self.external.append(attrs[name])
        if "id" in attrs:
            self.ids.append(attrs["id"])


def test_the_reference_page_lists_every_path_parameter_and_schema(client):
    document = client.get("/api/v1/openapi.json").json
    response = client.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "<title>API reference" in html and 'class="site-header"' in html
    for path, item in document["paths"].items():
        method, operation = next(iter(item.items()))
        assert f"{method.upper()} {path}</code>" in html
        for parameter in operation["parameters"]:
            assert f"<code>{parameter['name']}</code>" in html
    for name, schema in document["components"]["schemas"].items():
        assert f'id="schema-{name}"' in html
        for field in schema.get("properties", {}):
            assert f"<code>{field}</code>" in html
    page = _Page()
    page.feed(html)
    assert len(page.ids) == len(set(page.ids))
    external = [href for href in page.external if "localhost" not in href]
    assert external == []


def test_the_reference_page_follows_the_reader_language(client):
    html = client.get("/api/v1/docs", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html and '<code dir="ltr">GET /api/v1/' in html
