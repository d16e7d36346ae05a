"""Every string is in every catalog, translated; pages follow the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from consult.config import LOCALES, Config

PACKAGE = Path(__file__).parent.parent / "consult"
# Every configured language but the source one has a catalog: `make i18n-init LANG=xx` starts one.
TRANSLATED = [locale for locale in LOCALES if locale != Config.BABEL_DEFAULT_LOCALE]
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


def catalog_path(locale: str, suffix: str = "po") -> Path:
    return PACKAGE / "translations" / locale / "LC_MESSAGES" / f"messages.{suffix}"


def read_catalog(locale: str):
    with catalog_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_configured_locale_has_a_compiled_catalog(locale):
    assert catalog_path(locale).is_file(), f"no {locale} catalog; run make i18n-init LANG={locale}"
    assert catalog_path(locale, "mo").is_file(), f"{locale} is not compiled; run make translations"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_translates_every_source_string(locale, source_messages):
    catalog = read_catalog(locale)
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
    # Placeholders such as %(name)s survive translation.
    problems = [(message.id, [str(error) for error in errors])
                for message, errors in catalog.check()]
    assert problems == [], f"placeholders in {locale}"


def test_arabic_pages_are_right_to_left(client):
    html = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize("locale", LOCALES)
def test_switcher_sets_the_language_by_cookie_without_javascript(client, locale):
    phrase = read_catalog(locale).get("Consultations").string if locale in TRANSLATED \
        else "Consultations"
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
