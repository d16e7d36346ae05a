"""Language guessing from stop words, and stop word lists for labels.

The stop word lists come from stopwords-iso (PyPI ``stopwordsiso``), a maintained
list for 50+ languages. Counting stop words is crude but needs no model and is
enough for what we use it for: routing a corpus to an embedding model and
choosing which words a theme label must not contain.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import stopwordsiso

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# A text needs this many stop word hits before we trust a guess.
_MIN_HITS = 1


@cache
def stop_words(language: str) -> frozenset[str]:
    """Stop words of ``language`` (ISO 639-1), empty when the list has none."""
    if not stopwordsiso.has_lang(language):
        return frozenset()
    return frozenset(word.lower() for word in stopwordsiso.stopwords(language))


@cache
def _word_index() -> dict[str, tuple[str, ...]]:
    """Map each stop word to the languages whose list contains it."""
    index: dict[str, list[str]] = {}
    for language in sorted(stopwordsiso.langs()):
        for word in stop_words(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters only, any script)."""
    return WORD_RE.findall(text.lower())


def detect_language(text: str) -> str | None:
    """Guess the ISO 639-1 language of ``text``, or None when there is no clue.

    Each stop word votes for the languages whose list contains it, weighted by
    how specific it is (a word shared by ten lists counts a tenth).
    """
    index = _word_index()
    scores: Counter[str] = Counter()
    hits = 0
    for word in words(text):
        languages = index.get(word)
        if not languages:
            continue
        hits += 1
        for language in languages:
            scores[language] += 1.0 / len(languages)
    if hits < _MIN_HITS:
        return None
    # Ties are broken by language code so the guess is deterministic.
    return max(sorted(scores), key=scores.__getitem__)


def language_shares(texts: list[str]) -> dict[str, float]:
    """Share of each guessed language among ``texts`` that have a guess."""
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
