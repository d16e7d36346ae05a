"""Which language a text is written in, and stop word lists for theme labels.

Detection uses py3langid, an offline model of 97 languages whose confidence says when
a text cannot be placed (counting stop words would take Portuguese for Galician and
knows no Georgian). The stop word lists come from stopwords-iso (PyPI
``stopwordsiso``), a maintained list for 50+ languages: words a theme label must not
be made of.
"""

from __future__ import annotations

import random
import re
import threading
from collections import Counter
from functools import cache

import stopwordsiso

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# Below this many characters a guess is mostly noise ("Benches" reads as anything).
MIN_LENGTH = 10
MIN_CONFIDENCE = 0.5
# Texts whose language is guessed to know a corpus's shares: at 100,000 ideas guessing every
# one takes half a minute, and 1,000 drawn at random give a 90 % share within about a point.
LANGUAGE_SAMPLE = 1000

_LOADING = threading.Lock()


@cache
def stop_words(language: str) -> frozenset[str]:
    """Stop words of ``language`` (ISO 639-1), empty when the list has none."""
    if not stopwordsiso.has_lang(language):
        return frozenset()
    return frozenset(word.lower() for word in stopwordsiso.stopwords(language))


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters only, any script)."""
    return WORD_RE.findall(text.lower())


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language of ``text``, or None when it cannot be told:
    too short, no linguistic content, or too close a call."""
    if len(text.strip()) < MIN_LENGTH:
        return None
    code, confidence = _identifier().classify(text)
    # py3langid says 'zxx' for text with no linguistic content.
    return code if confidence >= MIN_CONFIDENCE and len(code) == 2 else None


def _identifier():
    # Threads that need the model at once wait for one load, instead of each loading it.
    with _LOADING:
        return _load_identifier()


@cache
def _load_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_shares(texts: list[str], sample: int = LANGUAGE_SAMPLE) -> dict[str, float]:
    """Share of each guessed language among ``texts`` that have a guess, guessed on at most
    ``sample`` of them drawn at random (seeded: the same texts give the same shares; every
    n-th text would see only one language of a list that alternates two)."""
    if len(texts) > sample:
        texts = [texts[row] for row in sorted(random.Random(0).sample(range(len(texts)), sample))]
    guesses = [language for language in map(detect_language, texts) if language]
    if not guesses:
        return {}
    counts = Counter(guesses)
    return {language: count / len(guesses) for language, count in counts.most_common()}


def stop_words_for(texts: list[str], min_share: float = 0.1) -> frozenset[str]:
    """Union of the stop words of every language with at least ``min_share`` of texts."""
    shares = language_shares(texts)
    result: set[str] = set()
    for language, share in shares.items():
        if share >= min_share:
            result |= stop_words(language)
    return frozenset(result)
