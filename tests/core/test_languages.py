"""One vocabulary of languages, one detector: what the interface speaks, what people may
write in, each language's name, and which language a text is in."""

from pathlib import Path

import pytest

import consult
from consult.config import Config
from consult.core.languages import (
    CONTENT_LANGUAGES,
    LANGUAGE_NAMES,
    LOCALES,
    RTL_LOCALES,
    language_name,
)
from consult.ideas import languages as ideas
from consult.nlp import language as nlp

CATALOGS = Path(consult.__file__).parent / "translations"

ARABIC = "نريد حدائق أكثر للأطفال في الحي"
FRENCH = "Il faut plus de bancs dans le parc pour les personnes âgées"
SPANISH = "Necesitamos más autobuses por la noche"


def test_interface_languages_each_have_a_catalog_but_the_default():
    translated = [code for code in LOCALES if code != Config.BABEL_DEFAULT_LOCALE]
    missing = [code for code in translated
               if not (CATALOGS / code / "LC_MESSAGES" / "messages.po").is_file()]
    assert translated and missing == []
    assert Config.CONSULT_LOCALES == LOCALES


def test_interface_languages_are_content_languages():
    assert set(LOCALES) <= set(CONTENT_LANGUAGES)
    assert RTL_LOCALES.issubset(LOCALES)
    assert set(ideas.OFFERED) == set(CONTENT_LANGUAGES)


def test_language_names_give_every_language_its_own_name():
    assert set(LANGUAGE_NAMES) == set(CONTENT_LANGUAGES)
    assert {code: LANGUAGE_NAMES[code] for code in LOCALES} == {
        "en": "English", "es": "Español", "fr": "Français", "ar": "العربية",
        "pt": "Português", "id": "Bahasa Indonesia", "ka": "ქართული"}


def test_language_name_is_in_the_readers_language_and_the_code_when_unknown():
    assert language_name("es") == "español"  # inside a sentence or a list: lower case
    assert language_name("en", "fr") == "anglais"
    assert language_name("id") == "Bahasa Indonesia"
    assert language_name("id", "en") == "Indonesian"
    assert language_name("zz") == "zz"


@pytest.mark.parametrize(("text", "code"), [(ARABIC, "ar"), (FRENCH, "fr"), (SPANISH, "es")])
def test_detect_language_finds_the_same_language_for_ideas_and_themes(text, code):
    assert nlp.detect_language(text) == code
    assert ideas.detect_language(text, fallback="en") == code


def test_detect_language_finds_languages_outside_the_list():
    text = "We hebben meer bomen nodig in het park"
    assert nlp.detect_language(text) == "nl" == ideas.detect_language(text, fallback="en")


@pytest.mark.parametrize("text", ["", "Benches", "Plus de bancs", "🙂🙂🙂 !!! 12345 ???"])
def test_detect_language_gives_the_fallback_when_the_text_cannot_tell(text):
    assert nlp.detect_language(text) is None
    assert ideas.detect_language(text, fallback="ka") == "ka"
