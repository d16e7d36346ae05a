"""The languages Consult knows, and their names.

Interface languages (`LOCALES`) are those with a message catalog in consult/translations.
Content languages are those a facilitator may write a consultation in and a resident may say
an idea is written in: every interface language, and a few that people write in although
the interface does not speak them yet. Detection (consult.nlp.language) may find others.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

LOCALES = ("en", "es", "fr", "ar", "pt", "id", "ka")
RTL_LOCALES = frozenset({"ar"})
CONTENT_LANGUAGES = ("en", "es", "fr", "ar", "pt", "de", "id", "ka", "it", "sw")

# CLDR names Indonesian "Indonesia" in Indonesian; its speakers call it "Bahasa Indonesia".
_OWN_NAMES = {"id": "Bahasa Indonesia"}


def language_name(code: str, in_locale: str | None = None) -> str:
    """The name of language `code` in `in_locale` (its own name when None); the code if unknown."""
    in_locale = in_locale or code
    if in_locale == code and code in _OWN_NAMES:
        return _OWN_NAMES[code]
    try:
        return Locale.parse(code).get_display_name(in_locale) or code
    except (UnknownLocaleError, ValueError):
        return code


def own_name(code: str) -> str:
    """Language `code` named in itself, as a label on its own reads: "Español", "ქართული"."""
    name = language_name(code)
    # Title case, not upper case: Georgian has capitals but never starts a word with one.
    return name[:1].title() + name[1:]


LANGUAGE_NAMES = {code: own_name(code) for code in CONTENT_LANGUAGES}
