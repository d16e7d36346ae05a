"""A busy or unreachable database: a translated 503 that keeps what was typed, never a lost idea."""

import contextlib
import re
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from consult import database
from consult.models import Event, Submission
from tests.fixtures.clients import csrf_token

TEXT = "A covered bicycle shelter next to the library"


@pytest.fixture(autouse=True)
def no_minimum_fill_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)


def idea_form(client, consultation) -> dict:
    path = f"/consultations/{consultation.id}/ideas/new"
    html = client.get(path).get_data(as_text=True)

    def hidden(name):
        return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)

    return {"csrf_token": csrf_token(client, path), "started": hidden("started"),
            "idempotency_key": hidden("idempotency_key"), "website": "",
            "question": str(consultation.questions[0].id), "text": TEXT}


def hidden_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))


class OtherWriter:
    """Another process holding SQLite's write lock until released."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.connection.execute("COMMIT")
        self.connection.close()


@pytest.fixture
def lock_database(db, monkeypatch):
    """`lock_database()`: the write lock held by another process beyond the retry budget."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    writers = []

    def hold() -> OtherWriter:
        monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
        db.session.commit()
        writers.append(OtherWriter(db.engine.url.database))
        return writers[-1]

    yield hold
    for writer in writers:
        with contextlib.suppress(sqlite3.ProgrammingError):  # released by the test
            writer.release()


def test_idea_post_answers_503_keeping_the_text_when_the_database_stays_busy(
    client, db, create_consultation, lock_database
):
    consultation = create_consultation()
    form = idea_form(client, consultation)
    writer = lock_database()
    response = client.post(f"/consultations/{consultation.id}/ideas/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "The site is busy right now" in html and "Internal Server Error" not in html
    assert TEXT in html  # what the resident typed, in the page
    kept = hidden_fields(html)
    assert kept["csrf_token"] == form["csrf_token"]
    assert kept["idempotency_key"] == form["idempotency_key"]

    writer.release()
    again = client.post(f"/consultations/{consultation.id}/ideas/new",
                        data={**kept, "text": TEXT})  # the "Send again" button
    assert again.status_code == 302 and "/track/" in again.headers["Location"]
    assert [s.text for s in db.session.query(Submission)] == [TEXT]


def test_error_page_is_translated_when_the_database_is_busy(
    client, db, create_consultation, lock_database
):
    consultation = create_consultation()
    form = idea_form(client, consultation)
    lock_database()
    response = client.post(f"/consultations/{consultation.id}/ideas/new", data=form,
                           headers={"Accept-Language": "es"})
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert '<html lang="es"' in html
    assert "The site is busy right now" not in html


def test_similar_ideas_lookup_never_waits_for_the_write_lock(
    client, db, create_consultation, lock_database
):
    consultation = create_consultation()
    token = csrf_token(client, f"/consultations/{consultation.id}/ideas/new")
    lock_database()
    response = client.post(f"/consultations/{consultation.id}/ideas/similar",
                           data={"csrf_token": token, "text": "Bicycle parking at the library"})
    assert response.status_code == 200
    preview = client.post(f"/consultations/{consultation.id}/ideas/new",
                          data={"csrf_token": token, "text": TEXT, "preview": "1"})
    assert preview.status_code == 200 and TEXT in preview.get_data(as_text=True)


def test_the_same_form_sent_twice_stores_one_idea(client, db, create_consultation):
    consultation = create_consultation()
    form = idea_form(client, consultation)
    first = client.post(f"/consultations/{consultation.id}/ideas/new", data=form)
    second = client.post(f"/consultations/{consultation.id}/ideas/new", data=form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"].split("?")[0] == second.headers["Location"].split("?")[0]
    assert db.session.query(Submission).count() == 1
    assert db.session.query(Event).filter_by(action="submission.created").count() == 1


def test_an_expired_form_keeps_the_text_and_can_be_sent_again(client, db, create_consultation):
    consultation = create_consultation()
    form = idea_form(client, consultation)
    client.delete_cookie("session")  # the session expired: its CSRF token is gone
    response = client.post(f"/consultations/{consultation.id}/ideas/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your form expired before it was sent" in html and TEXT in html
    assert db.session.query(Submission).count() == 0
    kept = hidden_fields(html)
    assert kept["csrf_token"] != form["csrf_token"]  # a fresh token for this session
    again = client.post(f"/consultations/{consultation.id}/ideas/new",
                        data={**kept, "text": TEXT})
    assert again.status_code == 302
    assert db.session.query(Submission).count() == 1


def test_a_staff_form_with_a_forged_token_shows_the_text_but_offers_no_resend(
    client_as, db
):
    facilitator = client_as("facilitator")
    response = facilitator.post("/facilitate/consultations/new",
                                data={"csrf_token": "forged", "title": "Parks for everyone"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    kept = html[html.index('<section class="kept-form"'):html.index("</section>")]
    assert "Parks for everyone" in kept and "readonly" in kept
    assert "<form" not in kept and "Send again" not in kept


@pytest.fixture
def unreachable_database(db, monkeypatch):
    """Every new connection refused, as when the database server is stopped."""
    db.session.commit()
    db.session.remove()
    db.engine.dispose()

    def refuse(*_args, **_kwargs):
        raise OperationalError("connect", None, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(db.engine.pool, "_creator", refuse)
    yield
    monkeypatch.undo()
    db.engine.dispose()


@pytest.mark.parametrize("path", ["/", "/consultations/", "/consultations/1",
                                  "/consultations/1/ideas/new", "/ideas/1"])
def test_every_page_answers_a_translated_503_when_the_database_is_down(
    client, unreachable_database, path
):
    response = client.get(path, headers={"Accept-Language": "fr"})
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert '<html lang="fr"' in html and "Internal Server Error" not in html


def test_health_check_answers_503_when_the_database_is_down(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_health_check_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["database"] == "ok"


def test_the_kept_form_shows_what_was_typed_and_hides_what_was_chosen(
    client, db, create_consultation, lock_database
):
    consultation = create_consultation()
    form = idea_form(client, consultation)
    lock_database()
    html = client.post(f"/consultations/{consultation.id}/ideas/new",
                       data={**form, "title": "Shelter", "area": ""}).get_data(as_text=True)
    assert re.search(r'<textarea [^>]*name="text"[^>]*>' + re.escape(TEXT), html)
    assert '<input id="kept-' in html and 'name="title"' in html  # typed: shown, labelled
    hidden = hidden_fields(html)
    assert hidden["question"] == form["question"]  # chosen, not typed: sent again unseen
    assert ">question<" not in html
