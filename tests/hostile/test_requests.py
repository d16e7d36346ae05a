"""Hostile requests as such: tokens, redirects, Host headers, content types, bodies, CSRF.

Each answer is a 4xx with the project's own page (or a safe redirect), never a 5xx.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from consult.models import Submission
from consult.web import hosts
from tests.fixtures.clients import csrf_token, sign_in
from tests.fixtures.factories import PASSWORD
from tests.hostile import corpus, sweep

IDEA = "A covered bicycle shelter next to the library"
TOKEN_ENDPOINTS = ("submissions.track", "me.tracked_data", "assemblies.join",
                   "mail.unsubscribe_form", "mail.unsubscribe")


@pytest.fixture(autouse=True)
def no_minimum_fill_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)


def _is_own_page(response) -> bool:
    html = response.get_data(as_text=True)
    return 'class="site-header"' in html and "Internal Server Error" not in html


def _is_own_error_page(response) -> bool:
    html = response.get_data(as_text=True)
    return 'class="error-page' in html and "Internal Server Error" not in html


def _leaves_the_site(location: str) -> bool:
    """Whether a browser would follow `location` to another site (it drops tabs and breaks)."""
    followed = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    parts = urlsplit(followed)
    return bool(parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "localhost")
                or followed.startswith("//"))


@pytest.mark.parametrize("endpoint", TOKEN_ENDPOINTS)
def test_forged_tokens_get_a_clear_4xx(app, db, client, endpoint):
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    method = "POST" if endpoint == "mail.unsubscribe" else "GET"
    for token in corpus.TOKENS:
        url = sweep.path(rule, {}, {}, token=token) if token else rule.rule.replace("<token>", "")
        response = sweep.send(client, method, url)
        assert 400 <= response.status_code < 500, (token[:40], response.status_code)
        if response.mimetype == "text/html":
            assert _is_own_page(response), token[:40]


@pytest.mark.parametrize("target", corpus.NEXT_TARGETS)
def test_language_links_never_redirect_to_another_site(client, db, target):
    response = client.get("/language/es", query_string={"next": target})
    assert response.status_code == 302
    assert not _leaves_the_site(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", corpus.NEXT_TARGETS)
def test_signing_in_never_redirects_to_another_site(app, db, create_user, target):
    user, client = create_user("resident"), app.test_client()
    response = client.post(f"/login?next={target}", data={
        "email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client),
        "next": target})
    assert response.status_code < 500
    location = response.headers.get("Location", "")
    assert not _leaves_the_site(location), location


def test_moderation_actions_never_redirect_to_another_site(client_as, db, create_consultation,
                                                           create_submission):
    client = client_as("facilitator")
    idea = create_submission(create_consultation(), "An idea someone flagged as off topic")
    token = csrf_token(client, "/facilitate/moderation")
    for target in corpus.NEXT_TARGETS:
        response = client.post(f"/facilitate/ideas/{idea.id}/publish",
                               data={"csrf_token": token, "next": target})
        assert response.status_code < 500
        assert not _leaves_the_site(response.headers.get("Location", "")), target


@pytest.mark.parametrize("host", corpus.HOSTS)
@pytest.mark.parametrize("path", ["/", "/plans/1/print", "/consultations/1", "/login"])
def test_malformed_host_headers_get_the_translated_400(client, db, host, path):
    response = client.get(path, environ_overrides={"HTTP_HOST": host},
                          headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    assert _is_own_error_page(response)
    assert '<html lang="fr"' in response.get_data(as_text=True)
    assert "evil.example" not in response.get_data(as_text=True)


def test_production_trusts_only_the_host_of_its_base_url():
    config = {"ENV_NAME": "production", "CONSULT_BASE_URL": "https://consult.example.org"}
    assert hosts.trusted_hosts(config) == ["consult.example.org"]
    assert hosts.trusted_hosts({**config, "CONSULT_TRUSTED_HOSTS": [".example.org"]}) == [
        ".example.org"]
    assert hosts.trusted_hosts({**config, "ENV_NAME": "development"}) is None


@pytest.mark.parametrize(("host", "refused"), [
    ("consult.example.org", False), ("consult.example.org:443", False),
    ("evil.example", True), ("consult.example.org.evil.example", True), ("a" * 300, True)])
def test_host_guard_marks_every_other_host_and_puts_its_own(host, refused):
    seen = {}

    def inner(environ, start_response):
        seen.update(environ)
        return []

    hosts.HostGuard(inner, ["consult.example.org"])({"HTTP_HOST": host}, None)
    assert bool(seen.get(hosts.REFUSED)) is refused
    assert seen["HTTP_HOST"] == ("consult.example.org" if refused else host)


@pytest.mark.parametrize("content_type", corpus.CONTENT_TYPES)
def test_idea_form_in_another_content_type_is_refused_cleanly(client, db, create_consultation,
                                                             content_type):
    consultation = create_consultation()
    path = f"/consultations/{consultation.id}/ideas/new"
    token = csrf_token(client, path)
    body = f'{{"csrf_token": "{token}", "text": "{IDEA}"}}'.encode()
    response = client.post(path, data=body, content_type=content_type)
    assert 400 <= response.status_code < 500
    assert _is_own_error_page(response)
    assert db.session.query(Submission).count() == 0


@pytest.mark.parametrize("body", corpus.MALFORMED_MULTIPART)
def test_malformed_multipart_is_refused_cleanly(client_as, db, create_consultation, body):
    client, consultation = client_as("facilitator"), create_consultation()
    for path in (f"/facilitate/consultations/{consultation.id}/ideas/import",
                 f"/consultations/{consultation.id}/ideas/new"):
        response = client.post(path, data=body, content_type="multipart/form-data; boundary=b")
        assert 400 <= response.status_code < 500, (path, response.status_code)
    assert db.session.query(Submission).count() == 0


@pytest.mark.parametrize(("size", "status"), [(1024 * 1024, 422), (10 * 1024 * 1024, 413)])
def test_huge_idea_texts_get_a_clear_4xx_and_store_nothing(client, db, create_consultation,
                                                           size, status):
    consultation = create_consultation()
    path = f"/consultations/{consultation.id}/ideas/new"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "question": str(consultation.questions[0].id),
                                       "text": "x" * size})
    assert response.status_code == status
    assert db.session.query(Submission).count() == 0


@pytest.mark.parametrize("size", [1024 * 1024, 10 * 1024 * 1024])
def test_huge_similar_ideas_lookups_get_a_clear_4xx(client, db, create_consultation, size):
    consultation = create_consultation()
    token = csrf_token(client, f"/consultations/{consultation.id}/ideas/new")
    response = client.post(f"/consultations/{consultation.id}/ideas/similar",
                           data={"csrf_token": token, "text": "y" * size})
    assert response.status_code in (400, 413)


@pytest.mark.parametrize("token", corpus.TOKENS)
def test_idea_form_with_a_forged_csrf_token_keeps_the_text(client, db, create_consultation,
                                                          token):
    consultation = create_consultation()
    path = f"/consultations/{consultation.id}/ideas/new"
    client.get(path)
    response = client.post(path, data={"csrf_token": token, "text": IDEA,
                                       "question": str(consultation.questions[0].id)})
    assert response.status_code == 400
    assert IDEA in response.get_data(as_text=True)
    assert db.session.query(Submission).count() == 0


@pytest.mark.parametrize("encoding", corpus.CSV_ENCODINGS)
def test_csv_import_in_another_encoding_is_refused_with_a_clear_422(client_as, db,
                                                                    create_consultation,
                                                                    encoding):
    from tests.fixtures.uploads import upload_csv

    rows = ["Une idée très longue ici, à la gare", "Plus d’arbres près de l’école"]
    content = ("comment\n" + "\n".join(rows) + "\n").encode(encoding, errors="replace")
    if encoding == "shift_jis":
        content = "comment\n駅の近くに自転車置き場を作ってください\n".encode(encoding)
    response = upload_csv(client_as("facilitator"), create_consultation(), content)
    assert response.status_code == 422
    assert "not UTF-8" in response.get_data(as_text=True)
    assert db.session.query(Submission).count() == 0


def test_csv_import_of_100000_rows_is_refused_with_a_clear_message(client_as, db,
                                                                   create_consultation):
    from tests.fixtures.uploads import upload_csv

    content = b"comment\n" + b"".join(b"Idea %06d ok\n" % n for n in range(100_000))
    response = upload_csv(client_as("facilitator"), create_consultation(), content)
    assert response.status_code in (413, 422)
    assert "10,000" in response.get_data(as_text=True) or "10000" in response.get_data(
        as_text=True)
    assert db.session.query(Submission).count() == 0


def test_formulas_imported_as_ideas_are_neutralised_in_every_csv_export(client_as, client, db,
                                                                         create_consultation):
    from consult.models import Phase
    from tests.fixtures.uploads import upload_csv

    consultation = create_consultation()
    rows = [f'"{formula.replace(chr(34), chr(34) * 2)} — an idea that counts"'
            for formula in corpus.FORMULAS]
    content = ("comment\n" + "\n".join(rows) + "\n").encode()
    assert upload_csv(client_as("facilitator"), consultation, content).status_code == 302
    assert db.session.query(Submission).count() == len(corpus.FORMULAS)
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    exported = client.get("/open-data/submissions.csv")
    assert exported.status_code == 200
    cells = [cell for line in exported.get_data(as_text=True).splitlines()
             for cell in re.findall(r'"((?:[^"]|"")*)"|([^,]+)', line) for cell in cell if cell]
    texts = [cell for cell in cells if "an idea that counts" in cell]
    assert len(texts) == len(corpus.FORMULAS)
    assert all(text.startswith("'") for text in texts), texts


def test_a_signed_in_resident_posting_without_a_session_cookie_keeps_the_text(
        app, db, create_user, create_consultation):
    """The session expired between loading the form and sending it."""
    consultation = create_consultation()
    client = app.test_client()
    sign_in(client, create_user("resident").email)
    path = f"/consultations/{consultation.id}/ideas/new"
    token = csrf_token(client, path)
    client.delete_cookie("session")
    response = client.post(path, data={"csrf_token": token, "text": IDEA,
                                       "question": str(consultation.questions[0].id)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert IDEA in html and "send it again" in html
