"""Every error of the API is JSON, {"error": {"code", "message"}}, in the reader's language:
never a page of HTML, never a 500."""

from __future__ import annotations

import pytest
from flask_babel import Domain, get_locale
from sqlalchemy.exc import OperationalError

from consult.api.read import public
from tests.test_i18n import read_catalog


def assert_json_error(response, status: int, code: str) -> str:
    assert response.status_code == status
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:200]
    assert set(response.json) == {"error"} and set(response.json["error"]) == {"code", "message"}
    assert response.json["error"]["code"] == code
    assert response.headers["Cache-Control"] == "no-store"
    return response.json["error"]["message"]


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/consultations/1/nothing",
                                  "/api/v2/consultations", "/api/v1/ideas/99999999999"])
def test_an_address_that_is_no_endpoint_is_a_json_404(client, path):
    message = assert_json_error(client.get(path), 404, "not_found")
    assert message == "The address may be mistyped, or the page may have moved."


@pytest.mark.parametrize("path", ["/api/v1/consultations/424242", "/api/v1/ideas/424242",
                                  "/api/v1/themes/424242", "/api/v1/plans/424242/commitments",
                                  "/api/v1/commitments/424242/progress"])
def test_an_unknown_id_is_a_json_404_saying_what_was_not_found(client, path):
    message = assert_json_error(client.get(path), 404, "not_found")
    assert "does not exist" in message


@pytest.mark.parametrize("path", ["/api/v1/consultations", "/api/v1/nothing-here"])
def test_a_host_the_site_refuses_is_a_json_400(client, path):
    response = client.get(path, environ_overrides={"HTTP_HOST": "evil.example<script>"},
                          headers={"Accept-Language": "fr"})
    message = assert_json_error(response, 400, "bad_request")
    assert "evil.example" not in message and message == str(
        read_catalog("fr").get("This site does not answer to the address your browser asked "
                               "for.").string)


def test_the_api_root_without_its_slash_leads_to_it(client):
    response = client.get("/api/v1")
    assert response.status_code == 308 and response.location.endswith("/api/v1/")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_method_other_than_get_is_a_json_405_naming_the_allowed_ones(client, method):
    response = client.open("/api/v1/consultations", method=method, data={"title": "x"})
    assert_json_error(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_head_answers_as_get_without_a_body(client, api_world):
    response = client.head("/api/v1/consultations")
    assert response.status_code == 200 and response.get_data() == b""
    assert response.headers["ETag"] == client.get("/api/v1/consultations").headers["ETag"]


def test_past_the_rate_limit_the_api_answers_429_and_pages_still_load(client, rate_limits,
                                                                      monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_API", "2 per minute")
    assert client.get("/api/v1/consultations").status_code == 200
    assert client.get("/api/v1/organisation").status_code == 200
    refused = client.get("/api/v1/consultations")
    message = assert_json_error(refused, 429, "too_many_requests")
    assert "wait a minute" in message and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert client.get("/consultations/").status_code == 200


def test_an_unreachable_database_is_a_json_503(client, monkeypatch):
    def unreachable():
        raise OperationalError("SELECT", {}, ConnectionError("the database is gone"))

    monkeypatch.setattr(public, "public_consultations", unreachable)
    response = client.get("/api/v1/consultations")
    assert_json_error(response, 503, "service_unavailable")
    assert int(response.headers["Retry-After"]) > 0


def test_an_error_is_in_arabic_for_an_arabic_reader(client):
    arabic = read_catalog("ar").get("This consultation does not exist or is not public yet.")
    response = client.get("/api/v1/consultations/424242", headers={"Accept-Language": "ar"})
    assert assert_json_error(response, 404, "not_found") == arabic.string


def test_the_api_own_messages_go_through_gettext(client, monkeypatch):
    """Messages new to the API reach the catalogs with the next `make i18n`; until then, each
    must at least be asked of gettext in the reader's language."""
    original = Domain.gettext

    def marked(self, string, **variables):
        return f"[{get_locale()}] " + original(self, string, **variables)

    monkeypatch.setattr(Domain, "gettext", marked)
    headers = {"Accept-Language": "ar"}
    for path, code in (("/api/v1/consultations?limit=0", "invalid_limit"),
                       ("/api/v1/consultations?cursor=forged", "invalid_cursor"),
                       ("/api/v1/consultations?updated_since=soon", "invalid_updated_since"),
                       ("/api/v1/events", "not_found")):
        message = assert_json_error(client.get(path, headers=headers), 400 if code != "not_found"
                                    else 404, code)
        assert message.startswith("[ar] "), message
