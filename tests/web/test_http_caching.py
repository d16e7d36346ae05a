"""How pages may be kept (consult.web.http_caching): a public page read without a session sets
no cookie, may be kept by any cache and is asked again with its ETag (304 while unchanged);
a copy depends on the language and the cookies; signed-in and staff pages are kept nowhere."""

from __future__ import annotations

import gzip

import brotli
import pytest

from consult.models import Phase, SubmissionStatus
from consult.themes.state import live_themes

PUBLIC_PAGES = ["/", "/consultations/", "/consultations/{id}", "/consultations/{id}/ideas",
                "/plans/", "/assemblies/", "/you-said-we-did"]


@pytest.fixture
def consultation(create_consultation):
    return create_consultation(title="Trees for the riverside")


def ideas_list(consultation) -> str:
    return f"/consultations/{consultation.id}/ideas"


def vary(response) -> set[str]:
    return {value.strip().lower() for value in response.headers.get("Vary", "").split(",")}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_read_without_a_session_sets_no_cookie_and_may_be_kept(
        client, consultation, path):
    response = client.get(path.format(id=consultation.id))

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, no-cache"
    assert response.headers["ETag"].startswith('W/"')
    assert {"cookie", "accept-language", "accept-encoding"} <= vary(response)


def test_the_public_theme_pages_may_be_kept(db, client, clustered):
    consultation, _run, _facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    theme = live_themes(db.session, consultation.id)[0]

    for path in (f"/consultations/{consultation.id}/themes",
                 f"/consultations/{consultation.id}/themes/{theme.id}"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "public, no-cache"


def test_a_public_page_answers_304_until_an_idea_is_published(
        client, consultation, create_submission):
    path = ideas_list(consultation)
    first = client.get(path)
    etag = first.headers["ETag"]

    unchanged = client.get(path, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    assert unchanged.headers["ETag"] == etag
    assert unchanged.headers["Cache-Control"] == "public, no-cache"

    create_submission(consultation, text="Benches in the shade, please",
                      status=SubmissionStatus.PUBLISHED)
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Benches in the shade, please" in changed.get_data(as_text=True)


def test_a_copy_in_one_language_is_not_current_in_another(client):
    french = client.get("/", headers={"Accept-Language": "fr"})
    assert '<html lang="fr"' in french.get_data(as_text=True)
    etag = french.headers["ETag"]

    by_header = client.get("/", headers={"Accept-Language": "ar", "If-None-Match": etag})
    client.set_cookie("locale", "ar")  # the language links' choice
    by_cookie = client.get("/", headers={"Accept-Language": "fr", "If-None-Match": etag})

    for arabic in (by_header, by_cookie):
        assert arabic.status_code == 200
        assert '<html lang="ar" dir="rtl"' in arabic.get_data(as_text=True)
        assert arabic.headers["ETag"] != etag
        assert {"cookie", "accept-language"} <= vary(arabic)


def test_a_signed_in_residents_page_is_kept_nowhere(client_as, consultation):
    resident = client_as("resident")

    for path in ("/", ideas_list(consultation), f"/consultations/{consultation.id}"):
        response = resident.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "public" not in response.headers["Cache-Control"]
        assert "ETag" not in response.headers


def test_staff_pages_are_kept_nowhere(client_as):
    response = client_as("facilitator").get("/facilitate/")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_visitor_with_a_session_gets_a_private_copy(client, consultation):
    client.get(f"/consultations/{consultation.id}/ideas/new")  # the form's token: a session
    response = client.get("/")

    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "cookie" in vary(response)


def test_a_page_with_a_form_gives_its_token_and_is_private(client, consultation):
    response = client.get(f"/consultations/{consultation.id}/ideas/new")

    assert response.status_code == 200
    assert any(cookie.startswith("session=")
               for cookie in response.headers.getlist("Set-Cookie"))
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert 'name="csrf_token"' in response.get_data(as_text=True)


@pytest.mark.parametrize(("encoding", "decode"), [("br", brotli.decompress),
                                                  ("gzip", gzip.decompress)])
def test_a_compressed_public_page_is_the_page_as_it_is_now(
        client, consultation, create_submission, encoding, decode):
    path, accept = ideas_list(consultation), {"Accept-Encoding": encoding}
    plain = client.get(path).get_data()
    first, again = client.get(path, headers=accept), client.get(path, headers=accept)
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == encoding
    assert decode(first.get_data()) == decode(again.get_data()) == plain

    create_submission(consultation, text="A library bus for the villages")
    changed = client.get(path, headers=accept)
    assert "A library bus for the villages" in decode(changed.get_data()).decode()
