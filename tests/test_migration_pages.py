"""The footer's pages written before they were per language become the main language's."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from tests.test_migrations import consult_db, empty_database  # noqa: F401 - a fixture

BEFORE = "0011_withdrawn_ideas"


def pages_of(url: str) -> dict:
    engine = create_engine(url)
    with engine.connect() as connection:
        value = connection.execute(text("SELECT pages FROM organisation")).scalar_one()
    engine.dispose()
    return json.loads(value) if isinstance(value, str) else value


def test_pages_written_before_become_the_main_language_and_back(empty_database):  # noqa: F811
    consult_db(empty_database, "upgrade", BEFORE)
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisation (name, slug, default_locale, review_required, locales, "
            "response_days, max_commitments, offices, colour, pages, is_demo, created_at) "
            "VALUES ('Ciudad', 'ciudad', 'es', false, '[]', 60, 5, '[]', '#0b6e4f', "
            ":pages, false, CURRENT_TIMESTAMP)"),
            {"pages": json.dumps({"privacy": "Nuestra política.", "terms": ""})})
    engine.dispose()
    consult_db(empty_database, "upgrade")
    assert pages_of(empty_database) == {"privacy": {"es": "Nuestra política."}}
    consult_db(empty_database, "downgrade", BEFORE)
    assert pages_of(empty_database) == {"privacy": "Nuestra política."}
