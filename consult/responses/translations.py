"""Answers in the site's other languages: an official translates a published or drafted answer
(the text it owes the public), each change an event; readers get the answer in their language
when it has been translated, with the original one click away."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.errors import ConsultError
from consult.core.user import User
from consult.responses.answering import TEXT_MAX, about, children_of
from consult.responses.models import Response, ResponseState


def languages_to_translate(response: Response) -> list[str]:
    """The site's languages other than the one the answer is written in (its default)."""
    organisation = response.consultation.organisation
    return [code for code in organisation.locales or [] if code != organisation.default_locale]


def translate(session: Session, actor: User, response: Response, language: str,
              text: str) -> None:
    """Set (or, with an empty text, remove) the answer's text in `language`; an answer given
    with a theme follows the theme's answer."""
    if response.from_theme_id is not None:
        raise ConsultError(_l("Translate the theme's answer: its ideas' answers follow it."))
    if response.state is ResponseState.SUPERSEDED:
        raise ConsultError(_l("This answer was corrected since: translate the latest version."))
    if language not in languages_to_translate(response):
        raise ConsultError(_l("Choose one of the site's other languages."))
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise ConsultError(_l("A translation must have at most %(max)s characters.",
                              max=TEXT_MAX))
    translations = {code: value for code, value in (response.translations or {}).items()
                    if code != language}
    if text:
        translations[language] = text
    response.translations = translations
    for child in children_of(session, response):
        child.translations = dict(translations)
    events.record(session, actor, "response.translated", response,
                  about(response) | {"language": language, "removed": not text})
