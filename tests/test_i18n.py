"""Every string is in every catalog, translated; pages follow the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).parent.parent / "consult"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


@pytest.fixture(scope="module")
def source_messages() -> set[str]:
    found = set()
    # Templates use {% do %}: without the extension Babel silently skips those files.
    options = {"templates/**.html": {"extensions": "jinja2.ext.do"},
               "templates/**.txt": {"extensions": "jinja2.ext.do"}}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), METHODS, options_map=options, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("locale", ["es", "fr", "ar"])
def test_catalog_translates_every_source_string(locale, source_messages):
    path = PACKAGE / "translations" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    assert not catalog.fuzzy or catalog.fuzzy is False
    missing = sorted(source_messages - {m.id[0] if isinstance(m.id, tuple) else m.id
                                        for m in catalog if m.id})
    assert missing == [], f"not in the {locale} catalog; run make i18n"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy, f"fuzzy in {locale}: {message.id}"
        assert all(strings), f"untranslated in {locale}: {message.id}"
        if isinstance(message.id, tuple):
            assert len(strings) == catalog.num_plurals, f"plural forms in {locale}: {message.id}"


def test_arabic_pages_are_right_to_left(client):
    html = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize(("locale", "phrase"), [("es", "Consultas"), ("fr", "Consultations"),
                                                ("ar", "الاستشارات"), ("en", "Consultations")])
def test_switcher_sets_the_language_by_cookie_without_javascript(client, locale, phrase):
    response = client.get(f"/language/{locale}?next=/consultations/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/consultations/"
    html = client.get("/consultations/").get_data(as_text=True)
    assert f'lang="{locale}"' in html
    assert phrase in html


def test_explicit_choice_beats_accept_language(client):
    client.get("/language/fr")
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="fr"' in html


def test_profile_language_beats_accept_language(client_as, db):
    client = client_as("resident")
    client.user.locale = "es"
    db.session.commit()
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="es"' in html


def test_unknown_locale_code_is_a_clear_400(client):
    response = client.get("/language/xx", headers={"Accept-Language": "es"})
    assert response.status_code == 400
    assert "Este idioma no está disponible." in response.get_data(as_text=True)
    assert "locale" not in response.headers.get("Set-Cookie", "")


def test_switcher_never_redirects_off_site(client):
    response = client.get("/language/es?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_dates_are_formatted_for_the_locale(client, create_consultation):
    consultation = create_consultation()
    month = consultation.closes_at.month
    french_months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                     "oct.", "nov.", "déc."]
    client.get("/language/fr")
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert french_months[month - 1] in html
