"""The pages every public service needs — privacy notice, accessibility statement, terms of
participation — as an organisation writes them in each language it offers.

Stored in `Organisation.pages` as {page: {locale: Markdown}}. A reader gets their own
language, else the organisation's main language (with a note saying so); a page the
organisation has not written shows Consult's built-in text
(templates/organisations/site/default_*.html).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.errors import ConsultError, NotFound
from consult.core.languages import LANGUAGE_NAMES, language_name
from consult.core.organisation import Organisation
from consult.core.user import User

PAGES = ("privacy", "accessibility", "terms")
PAGE_MAX = 50_000
TITLES = {"privacy": _l("Privacy notice"), "accessibility": _l("Accessibility statement"),
          "terms": _l("Terms of participation")}


@dataclass(frozen=True)
class PageText:
    """What a page shows. `is_fallback`: not written in the reader's language."""

    text: str
    lang: str
    is_fallback: bool
    language_name: str


def offered_locales(organisation: Organisation, available: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a page can be written in: the main language first, then the others
    readers are offered (every language of the site when the organisation chose none)."""
    offered = [code for code in available if code in (organisation.locales or ())]
    main = organisation.default_locale
    return (main, *(code for code in offered or available if code != main))


def texts_of(organisation: Organisation, name: str) -> dict[str, str]:
    """The texts the organisation wrote for page `name`, by language (empty: none)."""
    return dict((organisation.pages or {}).get(name) or {})


def too_long_message(length: int) -> str:
    return _l("A page can have at most %(max)s characters; this one has %(length)s.",
              max=format_number(PAGE_MAX), length=format_number(length))


def missing_main_message(organisation: Organisation) -> str:
    code = organisation.default_locale
    return _l("Write the page in %(language)s, the main language: readers whose language "
              "has no text of its own read that one.",
              language=LANGUAGE_NAMES.get(code, code))


def save_page(session: Session, actor: User, organisation: Organisation, name: str,
              texts: dict[str, str], locales: tuple[str, ...]) -> None:
    """Keep the organisation's own text of page `name` in each of `locales` (an empty text
    is removed: readers of that language get the main language's). The main language's
    text is required."""
    if name not in PAGES:
        raise NotFound(_l("There is no such page."))
    wanted = {code: (texts.get(code) or "").strip() for code in locales}
    if not wanted.get(organisation.default_locale):
        raise ConsultError(missing_main_message(organisation))
    longest = max(len(text) for text in wanted.values())
    if longest > PAGE_MAX:
        raise ConsultError(too_long_message(longest))
    kept = texts_of(organisation, name)  # texts in languages no longer offered stay
    kept.update(wanted)
    # A new dict: the JSON column notices only a new value, not a change inside it.
    organisation.pages = {**(organisation.pages or {}),
                          name: {code: text for code, text in kept.items() if text}}
    events.record(session, actor, "organisation.page_changed", organisation,
                  {"page": name, "languages": sorted(code for code, text in kept.items()
                                                     if text)})


def reset_page(session: Session, actor: User, organisation: Organisation, name: str) -> None:
    """Forget the organisation's text of page `name`: Consult's built-in text is shown."""
    if name not in PAGES:
        raise NotFound(_l("There is no such page."))
    organisation.pages = {key: value for key, value in (organisation.pages or {}).items()
                          if key != name}
    events.record(session, actor, "organisation.page_reset", organisation, {"page": name})


def page_text(organisation: Organisation, name: str, locale: str) -> PageText | None:
    """Page `name` in `locale`, else in the main language; None when the organisation
    wrote neither (the built-in text is shown then)."""
    texts, lang = texts_of(organisation, name), locale.replace("-", "_").split("_")[0]
    if texts.get(lang):
        return PageText(texts[lang], lang, False, language_name(lang, lang))
    main = organisation.default_locale
    if texts.get(main):
        return PageText(texts[main], main, True, language_name(main, lang))
    return None
