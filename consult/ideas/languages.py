"""Which language an idea is written in, and which languages a resident may choose."""

from __future__ import annotations

from consult.core.languages import CONTENT_LANGUAGES
from consult.nlp import language

# A resident chooses among the languages content may be written in.
OFFERED = CONTENT_LANGUAGES


def detect_language(text: str, fallback: str) -> str:
    """The ISO 639-1 code of `text`, or `fallback` when the text cannot tell."""
    return language.detect_language(text) or fallback
