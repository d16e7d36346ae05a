"""Every answer can be asked for again with its ETag (304 while unchanged), may be kept by any
cache, and is the same for every reader: the API reads no session and sets no cookie."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_paths


def test_every_answer_has_an_etag_that_gives_a_304_while_nothing_changed(app, client,
                                                                        api_world):
    answered = 0
    for path in api_paths(app, api_world.ids):
        response = client.get(path)
        if response.status_code != 200:
            continue
        answered += 1
        etag = response.headers["ETag"]
        assert etag.startswith('W/"') and response.headers["Cache-Control"] == "public, no-cache"
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b"", path
    assert answered >= 20


def test_the_etag_changes_with_the_data(client, create_submission, api_world):
    path = f"/api/v1/consultations/{api_world.open.id}/ideas"
    etag = client.get(path).headers["ETag"]
    create_submission(api_world.open, "A new idea arrives")
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.json["data"][-1]["text"] == "A new idea arrives"


def test_the_reference_page_is_kept_per_language(client):
    response = client.get("/api/v1/docs")
    vary = {value.strip().lower() for value in response.headers["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary
    assert client.get("/api/v1/docs", headers={
        "If-None-Match": response.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("role", ["resident", "facilitator"])
def test_a_signed_in_browser_reads_the_anonymous_api_and_gets_no_cookie(client, client_as,
                                                                         api_world, role):
    signed_in = client_as(role)
    path = f"/api/v1/consultations/{api_world.open.id}/ideas"
    response = signed_in.get(path)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, no-cache"
    assert response.get_data() == client.get(path).get_data()
    assert signed_in.get("/me/").status_code == 200  # still signed in on the site


def test_no_answer_sets_a_cookie(client, api_world):
    for path in ("/api/v1/", "/api/v1/docs", "/api/v1/openapi.json", "/api/v1/nothing",
                 "/api/v1/consultations?limit=0"):
        assert "Set-Cookie" not in client.get(path).headers, path


def test_the_language_chosen_on_the_site_is_kept_on_the_api(client):
    client.set_cookie("locale", "fr")
    response = client.get("/api/v1/consultations/424242")
    assert response.json["error"]["message"] == ("Cette consultation n’existe pas ou n’est pas "
                                                 "encore publique.")
