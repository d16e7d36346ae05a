"""The text of an answer as a reader sees it: in their language when an official translated
it (consult.responses.translations), else as written."""

from __future__ import annotations

from dataclasses import dataclass

from consult.responses.models import Response


@dataclass(frozen=True)
class AnswerText:
    text: str
    lang: str | None  # the language of `text` when it is a translation
    translated: bool


def text_for(response: Response, locale: str) -> AnswerText:
    """The answer's text for a reader of `locale`: its translation when there is one."""
    language = locale.split("_")[0]
    translated = (response.translations or {}).get(language)
    if translated:
        return AnswerText(translated, language, True)
    return AnswerText(response.text, None, False)
