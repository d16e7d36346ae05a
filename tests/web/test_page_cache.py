"""Public pages kept rendered (consult.web.page_cache): a reader without a session is given
the page rendered for the one before, until anything is written to the database, from any
connection; a reader with a session, another language or another site gets their own."""

from __future__ import annotations

import pytest
from flask import template_rendered
from sqlalchemy import update

from consult.consultations.models import Consultation
from consult.database import data_generation
from consult.models import Phase
from consult.web import page_cache
from tests.fixtures.clients import sign_in


@pytest.fixture
def consultation(create_consultation):
    return create_consultation(title="Trees for the riverside")


@pytest.fixture
def renders(app):
    """The templates rendered while the test runs."""
    seen: list[str] = []

    def record(_sender, template, **_extra):
        seen.append(template.name)

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)


def page(consultation) -> str:
    return f"/consultations/{consultation.id}"


def test_a_public_page_asked_again_is_given_without_rendering_it(client, consultation, renders):
    first = client.get(page(consultation))
    again = client.get(page(consultation))

    assert first.status_code == again.status_code == 200
    assert renders.count("consultations/show.html") == 1
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    # what every response gets is added to a kept page too
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control"):
        assert again.headers[header] == first.headers[header]


def test_a_kept_page_answers_304_to_its_etag(client, consultation, renders):
    etag = client.get(page(consultation)).headers["ETag"]

    response = client.get(page(consultation), headers={"If-None-Match": etag})

    assert response.status_code == 304 and response.get_data() == b""
    assert renders.count("consultations/show.html") == 1


def test_a_new_idea_is_counted_on_the_next_page(client, consultation, create_submission, renders):
    assert "1 idea shared so far" not in client.get(page(consultation)).get_data(as_text=True)

    create_submission(consultation, text="A library bus for the villages")

    assert "1 idea shared so far" in client.get(page(consultation)).get_data(as_text=True)
    assert renders.count("consultations/show.html") == 2


def test_a_write_by_another_connection_renews_the_page(app, db, client, consultation):
    client.get(page(consultation))

    with db.engine.begin() as connection:  # as the worker or another web process would
        connection.execute(update(Consultation).where(Consultation.id == consultation.id)
                           .values(title="Trees and benches for the riverside"))

    assert "Trees and benches" in client.get(page(consultation)).get_data(as_text=True)


def test_the_generation_changes_with_a_write_and_not_with_a_read(db, consultation):
    before = data_generation(db.session)
    db.session.rollback()
    db.session.get(Consultation, consultation.id)
    db.session.commit()
    assert data_generation(db.session) == before
    db.session.rollback()

    db.session.get(Consultation, consultation.id).phase = Phase.CLOSED
    db.session.commit()

    assert data_generation(db.session) != before


def test_a_reader_with_a_session_gets_the_page_rendered_for_them(
        client, consultation, create_user, renders):
    client.get(page(consultation))
    user = create_user("resident")
    assert sign_in(client, user.email).status_code == 302

    html = client.get(page(consultation)).get_data(as_text=True)

    assert renders.count("consultations/show.html") == 2
    assert "Sign out" in html


def test_each_language_has_its_own_page(client, consultation):
    english = client.get(page(consultation), headers={"Accept-Language": "en"})
    arabic = client.get(page(consultation), headers={"Accept-Language": "ar"})
    english_again = client.get(page(consultation), headers={"Accept-Language": "en"})

    assert 'lang="ar"' in arabic.get_data(as_text=True)
    assert english_again.get_data() == english.get_data() != arabic.get_data()


def test_a_page_is_rendered_again_once_its_time_is_up(app, client, consultation, renders,
                                                      monkeypatch):
    client.get(page(consultation))
    later = page_cache.time.monotonic() + app.config["PAGE_CACHE_SECONDS"] + 1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)

    client.get(page(consultation))

    assert renders.count("consultations/show.html") == 2


def test_no_page_is_kept_when_the_setting_is_zero(app, client, consultation, renders,
                                                  monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)

    client.get(page(consultation))
    client.get(page(consultation))

    assert renders.count("consultations/show.html") == 2


def test_a_page_that_is_not_public_is_never_kept(client, consultation, renders):
    form = f"/consultations/{consultation.id}/ideas/new"
    first, again = client.get(form), client.get(form)

    assert first.status_code == again.status_code == 200
    assert renders.count("ideas/new.html") == 2


def test_the_number_of_kept_pages_is_bounded(app, client, consultation, monkeypatch):
    monkeypatch.setattr(page_cache, "KEPT", 2)
    for number in range(1, 5):
        client.get(f"/consultations/{consultation.id}/ideas?page={number}")

    with app.app_context():
        kept = app.extensions[page_cache.EXTENSION]
        assert len(kept._pages) == 2
