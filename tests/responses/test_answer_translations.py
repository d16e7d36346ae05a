"""Officials translate an answer into the site's other languages: readers of those languages
see the translation with the original one click away; a theme's answer carries its ideas'
answers along; every change is an event; bad input is refused with what was typed kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import Event, Phase, Response, ResponseStatus
from consult.responses import answering, translations
from consult.themes.state import live_themes
from tests.fixtures.respond_pages import post, text_of

SPANISH = "Sí: plantaremos árboles a lo largo del río esta primavera."


@pytest.fixture
def published(db, create_consultation, create_submission, create_user):
    """An answer published to an idea of a site in English and Spanish."""
    consultation = create_consultation(Phase.ANALYSIS, office="Parks department")
    organisation = consultation.organisation
    organisation.locales, organisation.default_locale = ["en", "es"], "en"
    idea = create_submission(consultation, "Plant more trees along the river, please")
    official = create_user("official")
    answer = answering.draft_answer(db.session, official, idea, ResponseStatus.ACCEPTED,
                                    "Yes: we will plant trees along the river this spring.")
    answering.publish(db.session, official, answer)
    db.session.commit()
    return idea, answer


def translate(client, answer, language: str, text: str):
    page = f"/respond/answers/{answer.id}"
    return post(client, f"{page}/translations", {"language": language, "text": text}, page=page)


def test_a_translation_is_shown_to_readers_of_its_language(db, client, client_as, published):
    idea, answer = published
    official = client_as("official")
    assert "Translations" in text_of(official.get(f"/respond/answers/{answer.id}"))

    response = translate(official, answer, "es", SPANISH)

    assert response.status_code == 302
    spanish = client.get(f"/ideas/{idea.id}", headers={"Accept-Language": "es"})
    english = client.get(f"/ideas/{idea.id}", headers={"Accept-Language": "en"})
    assert SPANISH in text_of(spanish) and "we will plant trees" in text_of(spanish)  # original
    assert 'lang="es"' in spanish.get_data(as_text=True)
    assert SPANISH not in text_of(english)
    event = db.session.scalars(select(Event).where(Event.action == "response.translated")).one()
    assert event.payload["language"] == "es" and event.payload["removed"] is False


def test_an_empty_translation_shows_the_original_again(db, client, client_as, published):
    idea, answer = published
    official = client_as("official")
    translate(official, answer, "es", SPANISH)

    assert translate(official, answer, "es", "   ").status_code == 302

    db.session.expire_all()
    assert answer.translations == {}
    assert SPANISH not in text_of(client.get(f"/ideas/{idea.id}",
                                             headers={"Accept-Language": "es"}))


def test_a_themes_answer_carries_its_translation_to_its_ideas(db, create_user, clustered):
    consultation, _run, _facilitator = clustered
    consultation.organisation.locales = ["en", "es"]
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    theme = live_themes(db.session, consultation.id)[0]
    official = create_user("official")
    answer = answering.draft_theme_answer(db.session, official, theme, ResponseStatus.ACCEPTED,
                                          "Yes, for the whole theme.")
    db.session.flush()

    translations.translate(db.session, official, answer, "es", "Sí, para todo el tema.")
    db.session.commit()

    children = db.session.scalars(select(Response).where(Response.from_theme_id == answer.id))
    assert {child.translations["es"] for child in children} == {"Sí, para todo el tema."}


@pytest.mark.parametrize(("language", "text", "message"), [
    ("fr", "Oui.", "Choose one of the site's other languages."),
    ("en", "Yes.", "Choose one of the site's other languages."),
    ("es", "x" * 5001, "at most 5000 characters"),
    ("", "Sí.", "This field is required."),
])
def test_a_bad_translation_is_refused_with_what_was_typed(db, client_as, published, language,
                                                          text, message):
    _idea, answer = published

    response = translate(client_as("official"), answer, language, text)

    assert response.status_code in (400, 422)
    assert message in text_of(response)
    db.session.expire_all()
    assert answer.translations == {}
