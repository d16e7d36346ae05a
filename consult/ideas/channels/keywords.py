"""The words residents text to the service itself: STOP (and its equivalents) to be forgotten,
YES to get news of their ideas. Each word tells the language to answer in.

Carriers and gateways know STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT in English; the
others are what people write in the languages the site speaks.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

STOP_WORDS = {
    "STOP": "en", "STOPALL": "en", "UNSUBSCRIBE": "en", "CANCEL": "en", "END": "en",
    "QUIT": "en", "ALTO": "es", "BAJA": "es", "PARAR": "es", "ARRET": "fr", "ARRÊT": "fr",
    "ARRETER": "fr", "ARRÊTER": "fr", "توقف": "ar", "إيقاف": "ar", "ايقاف": "ar",
    "PARE": "pt", "SAIR": "pt", "BERHENTI": "id", "გაჩერება": "ka", "შეწყვეტა": "ka",
}
YES_WORDS = {
    "YES": "en", "Y": "en", "SI": "es", "SÍ": "es", "OUI": "fr", "نعم": "ar", "SIM": "pt",
    "YA": "id", "დიახ": "ka", "კი": "ka",
}
_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$", re.UNICODE)


class Command(StrEnum):
    STOP = "stop"
    YES = "yes"


def _word(text: str) -> str:
    """The message as one word: trimmed of spaces and punctuation, in capitals."""
    return unicodedata.normalize("NFC", _EDGES.sub("", text)).upper()


def read_command(text: str) -> tuple[Command, str] | None:
    """(command, language of the word) when the whole message is STOP or YES in some
    language; None otherwise."""
    word = _word(text)
    if word in STOP_WORDS:
        return Command.STOP, STOP_WORDS[word]
    if word in YES_WORDS:
        return Command.YES, YES_WORDS[word]
    return None


def is_reserved(word: str) -> bool:
    """Whether `word` is one of the service's own words (a consultation's keyword must not
    be, or texting it would stop news instead of sending an idea)."""
    return _word(word) in STOP_WORDS or _word(word) in YES_WORDS
