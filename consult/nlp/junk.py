"""Junk posts: texts that carry no idea, to be set aside before themes are named.

Conservative on purpose: a short real idea ("More trees!", "Bike lanes", "BGMU") or one
in any script (Arabic, Georgian, Chinese) is kept. Junk is a text with no letters, a
single letter, one or two characters repeated ("aaaaaa", "hahaha"), a test post ("test",
"testing 123", "this is a test"), or a text made mostly of keyboard mashes ("asdf",
"ajisdfj asdiofjasdoifj"). A mash is told by keyboard runs, by being typed on the home
row with letter pairs that words of no language with a stop word list make, by having no
vowel at all while typed on the home row, or by repeating a short unit ("asdasdasd").
Apart from keyboard runs ("ASDF"), a word in capitals is taken for an acronym.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from functools import cache, lru_cache

import stopwordsiso

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
ASCII_WORD_RE = re.compile(r"[a-z]+")
LINK_RE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+", re.IGNORECASE)
TEST_POST_RE = re.compile(
    r"(this is |it s |just )?(a |an |only a |just a )?"
    r"(test|testing|tester|teste|prueba|essai|asdf|hello world|qwerty|foo|foobar)"
    r"( post| comment| idea| message| submission| entry| test| testing| one two three)*"
    r"( \d+)*( please ignore| ignore)?"
)
KEYBOARD_RUNS = (
    "asdf", "sdfg", "dfgh", "fghj", "ghjk", "hjkl", "lkjh", "kjhg", "jhgf", "hgfd", "gfds",
    "fdsa", "qwer", "rewq", "uiop", "poiu", "zxcv", "xcvb", "cvbn", "vbnm", "mnbv", "vcxz",
)
HOME_ROW = frozenset("asdfghjkl")
VOWELS = frozenset("aeiouy")
# Mean log-probability of a word's letter pairs below which it reads as no language's word.
IMPLAUSIBLE = -3.7
MIN_WORD = 4
MIN_REPEATED = 6


def is_junk(text: str) -> bool:
    """True when ``text`` carries no idea: see the module's docstring."""
    plain = LINK_RE.sub(" ", text)
    letters = [char for char in plain if char.isalpha()]
    if not letters:
        return not LINK_RE.search(text)  # a link alone may be a petition: a person reads it
    if len(letters) == 1 and not _ideographic(letters[0]):
        return True
    distinct = len({char.lower() for char in letters})
    if (distinct == 1 and len(letters) >= 3) or (distinct == 2 and len(letters) >= MIN_REPEATED):
        return True
    normal = " ".join(re.findall(r"[^\W_]+", plain.lower()))
    if TEST_POST_RE.fullmatch(normal) or normal.startswith("lorem ipsum"):
        return True
    tokens = WORD_RE.findall(plain)
    mashed = sum(len(token) for token in tokens if is_mash(token))
    return mashed * 2 > sum(len(token) for token in tokens)


def junk_rows(texts: list[str]) -> set[int]:
    """Indexes of the ``texts`` that are junk."""
    return {row for row, text in enumerate(texts) if is_junk(text)}


@lru_cache(maxsize=65536)
def is_mash(token: str) -> bool:
    """True when the word ``token`` was typed at random on a keyboard."""
    word = token.lower()
    if len(word) < MIN_WORD or not word.isascii():
        return False
    if any(run in word for run in KEYBOARD_RUNS):
        return True
    if _repeats(word):
        return True
    if token.isupper():
        return False
    home = _home_row_share(word)
    if not VOWELS & set(word) and home > 0.5:
        return True
    return home > 0.5 and _plausibility(word) < IMPLAUSIBLE


def _repeats(word: str) -> bool:
    """The word is one short unit said three times or more ("asdasdasd"), or twice when
    the unit is no language's ("xcvxcv")."""
    for size in range(1, 5):
        times, rest = divmod(len(word), size)
        if rest == 0 and times >= 2 and word == word[:size] * times:
            return times >= 3 or _plausibility(word[:size]) < IMPLAUSIBLE
    return False


def _home_row_share(word: str) -> float:
    pairs = [(a, b) for a, b in zip(word, word[1:], strict=False) if a != b]
    return sum(a in HOME_ROW and b in HOME_ROW for a, b in pairs) / max(1, len(pairs))


def _plausibility(word: str) -> float:
    """Mean log-probability of the word's letter pairs (with its start and end)."""
    pairs, firsts = _letter_pairs()
    padded = f"^{word}$"
    logs = [math.log((pairs[padded[i:i + 2]] + 0.5) / (firsts[padded[i]] + 13.5))
            for i in range(len(padded) - 1)]
    return sum(logs) / len(logs)


@cache
def _letter_pairs() -> tuple[Counter[str], Counter[str]]:
    """Letter pair counts of the stop words of every language of stopwords-iso, accents
    removed: a small sample of how words of many languages are spelt."""
    pairs: Counter[str] = Counter()
    firsts: Counter[str] = Counter()
    for language in sorted(stopwordsiso.langs()):
        for entry in stopwordsiso.stopwords(language):
            plain = unicodedata.normalize("NFKD", entry.lower())
            plain = "".join(char for char in plain if not unicodedata.combining(char))
            for word in ASCII_WORD_RE.findall(plain):
                padded = f"^{word}$"
                for i in range(len(padded) - 1):
                    pairs[padded[i:i + 2]] += 1
                    firsts[padded[i]] += 1
    return pairs, firsts


def _ideographic(char: str) -> bool:
    """A character that is a word by itself (Chinese, Japanese, Korean)."""
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))


def junk_apart(texts: list[str], result, constraints) -> tuple[object, set[int]]:
    """Posts that are no idea (tests, keyboard mashes, a lone character) left out of every
    theme, for the moderator; unless a facilitator placed one. The result, and their rows."""
    from consult.nlp.cluster import UNSORTED  # the clustering imports nothing from here

    kept = set(constraints.pinned) | {row for rows in constraints.locked.values()
                                      for row in rows}
    junk = junk_rows(texts) - kept
    if not junk:
        return result, junk
    labels = result.labels.copy()
    labels[sorted(junk)] = UNSORTED
    return replace(result, labels=labels), junk
