"""Theme names as a facilitator would give them, without an LLM or the network.

A theme's name is its best key phrase (``consult.nlp.keyphrases``: 1–3 words taken from
its ideas, scored with c-TF-IDF across the themes and kept distinct by maximal marginal
relevance), first letter capitalised and acronyms kept as written ("Gun control",
"BG parks"). Its description is the first sentence of its most central idea. A theme
written in several languages gets a name per language, each from that language's ideas
and stop words (stopwords-iso). Junk posts (``consult.nlp.junk``) are not read for names
and are not shown as the theme's representative idea when it has other ideas.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from consult.nlp.junk import junk_rows
from consult.nlp.keyphrases import (
    PhraseTable,
    corpus_totals,
    display,
    document,
    key_phrases,
    phrase_table,
)
from consult.nlp.language import detect_language, stop_words

KEYWORDS_PER_LABEL = 5
EXAMPLES = 3
DESCRIPTION_LENGTH = 200
# A language names a theme when it has this share of the theme's ideas, and this many.
MIN_LANGUAGE_SHARE = 0.2
MIN_LANGUAGE_IDEAS = 3
# Languages whose stop words are removed from every idea of a corpus.
CORPUS_LANGUAGE_SHARE = 0.1
_SENTENCE_END = re.compile(r"[.!?…؟]+[\"'”’)\]]*(?=\s)|[。！？]|\n")
_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]|Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|e\.g|i\.e|approx")


@dataclass(frozen=True)
class ThemeLabel:
    """What a facilitator first sees of a theme."""

    label: str
    keywords: list[str]
    representative: int
    examples: list[int]
    description: str = ""
    names: dict[str, str] = field(default_factory=dict)  # language code → name


@dataclass
class _Corpus:
    """The phrases of all the ideas being named, and their totals across themes."""

    table: PhraseTable
    totals: Counter
    average: float


def label_themes(
    texts: list[str],
    vectors: np.ndarray,
    labels: np.ndarray,
    centroids: np.ndarray,
    languages: list[str | None] | None = None,
) -> list[ThemeLabel]:
    """One :class:`ThemeLabel` per theme index 0..len(centroids)-1.

    ``languages`` gives each text's language code (None when unknown); guessed with
    :func:`detect_language` when not given. A theme with no usable phrase (emoji,
    punctuation) is named by the start of its representative idea.
    """
    members = [np.flatnonzero(labels == index).tolist() for index in range(len(centroids))]
    rows = sorted({row for group in members for row in group})
    junk = {rows[index] for index in junk_rows([texts[row] for row in rows])}
    if languages is None:
        guessed = dict(zip(rows, map(detect_language, (texts[row] for row in rows)), strict=True))
        languages = [guessed.get(row) for row in range(len(texts))]
    kept = [[row for row in group if row not in junk] for group in members]
    corpus = _corpus(texts, kept, languages, skip=junk | (set(range(len(texts))) - set(rows)))
    result = []
    for group, rows_kept, centroid in zip(members, kept, centroids, strict=True):
        ordered = representatives(vectors, group, centroid)
        shown = [row for row in ordered if row not in junk] or ordered
        result.append(_theme_label(corpus, texts, languages, shown, rows_kept))
    return _distinct(result, [len(group) for group in members])


def _distinct(labels: list[ThemeLabel], sizes: list[int]) -> list[ThemeLabel]:
    """No two themes of a run under one name: the larger keeps it, a smaller one takes its
    next key phrase that no other theme is named by (the name in its majority language
    follows)."""
    taken: set[str] = set()
    result = list(labels)
    for index in sorted(range(len(labels)), key=lambda i: (-sizes[i], i)):
        label = labels[index]
        if label.label.casefold() in taken:
            other = next((_capitalised(word) for word in label.keywords
                          if _capitalised(word).casefold() not in taken), None)
            if other is not None:
                names = {language: (other if name == label.label else name)
                         for language, name in label.names.items()}
                label = replace(label, label=other, names=names)
                result[index] = label
        taken.add(label.label.casefold())
    return result


def _theme_label(corpus: _Corpus, texts: list[str], languages: list[str | None],
                 shown: list[int], rows: list[int]) -> ThemeLabel:
    """The label of the theme of ideas ``rows`` (junk left out), ``shown`` its ideas
    from the most central."""
    text = texts[shown[0]] if shown else ""
    names = _names(corpus, rows, languages)
    keywords = [display(corpus.table, key) for key in _top(corpus, rows, KEYWORDS_PER_LABEL)]
    majority = _majority([languages[row] for row in rows])
    label = names.get(majority) if majority else None
    label = label or (_capitalised(keywords[0]) if keywords else _snippet(text))
    return ThemeLabel(label, keywords, shown[0] if shown else -1,
                      _distinct_examples(texts, shown[1:], text), first_sentence(text), names)


def theme_keywords(documents: list[list[str]], top: int = KEYWORDS_PER_LABEL) -> list[list[str]]:
    """Top key phrases of each theme, given the texts of each theme."""
    texts = [text for group in documents for text in group]
    starts = np.cumsum([0, *map(len, documents)]).tolist()
    groups = [list(range(starts[i], starts[i + 1])) for i in range(len(documents))]
    languages = [detect_language(text) for text in texts]
    corpus = _corpus(texts, groups, languages, skip=set())
    return [[display(corpus.table, key) for key in _top(corpus, group, top)] for group in groups]


def _corpus(texts: list[str], groups: list[list[int]], languages: list[str | None],
            skip: set[int]) -> _Corpus:
    """Phrases of every text not in ``skip``, each without the stop words of its own
    language and of the corpus's main languages."""
    common = _corpus_stop_words(texts, [row for group in groups for row in group], languages)
    by_language = {language: common | stop_words(language)
                   for language in set(languages) if language}
    stops = [by_language[language] if language else common for language in languages]
    table = phrase_table(texts, stops, skip)
    totals, average = corpus_totals([document(table, group) for group in groups])
    return _Corpus(table, totals, average)


def _corpus_stop_words(texts: list[str], rows: list[int],
                       languages: list[str | None]) -> frozenset[str]:
    found = Counter(languages[row] for row in rows if languages[row])
    if not found and rows:
        # Every idea too short to tell: their language shows when read together.
        guess = detect_language(" ".join(texts[row] for row in rows[:200]))
        found = Counter([guess] if guess else [])
    total = sum(found.values())
    result: set[str] = set()
    for language, count in found.items():
        if count >= CORPUS_LANGUAGE_SHARE * total:
            result |= stop_words(language)
    return frozenset(result)


def _top(corpus: _Corpus, rows: list[int], top: int) -> list[tuple[str, ...]]:
    return key_phrases(document(corpus.table, rows), corpus.totals, corpus.average, top)


def _names(corpus: _Corpus, rows: list[int], languages: list[str | None]) -> dict[str, str]:
    """The name of the theme in each language with enough of its ideas; ideas whose
    language is unknown count with the theme's majority language."""
    majority = _majority([languages[row] for row in rows])
    if majority is None:
        return {}
    known = [row for row in rows if languages[row]]
    by_language: dict[str, list[int]] = {}
    for row in rows:
        by_language.setdefault(languages[row] or majority, []).append(row)
    names = {}
    for language, group in sorted(by_language.items()):
        count = sum(1 for row in group if languages[row] == language)
        enough = count >= MIN_LANGUAGE_IDEAS and count >= MIN_LANGUAGE_SHARE * len(known)
        if language == majority or enough:
            best = _top(corpus, group, 1)
            if best:
                names[language] = _capitalised(display(corpus.table, best[0]))
    return names


def _majority(languages: list[str | None]) -> str | None:
    counts = Counter(language for language in languages if language)
    return min(counts, key=lambda language: (-counts[language], language)) if counts else None


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def first_sentence(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The first sentence of ``text``, at most ``limit`` characters (cut at a word, "…")."""
    text = text.strip()
    for match in _SENTENCE_END.finditer(text):
        before = text[:match.start()].split()
        if before and _ABBREVIATION.fullmatch(before[-1]):
            continue
        text = text[:match.end()]
        break
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(",;:-–— ") + "…"


def representatives(vectors: np.ndarray, rows: list[int], centroid: np.ndarray) -> list[int]:
    """``rows`` ordered from nearest to furthest from the theme ``centroid``."""
    if not rows:
        return []
    similarity = vectors[rows] @ centroid
    order = np.lexsort((np.asarray(rows), -similarity))
    return [rows[i] for i in order]


def _distinct_examples(texts: list[str], rows: list[int], representative: str) -> list[int]:
    """Up to EXAMPLES rows whose texts differ from each other and from the representative."""
    seen = {representative.strip().lower()}
    chosen = []
    for row in rows:
        key = texts[row].strip().lower()
        if key not in seen:
            seen.add(key)
            chosen.append(row)
        if len(chosen) == EXAMPLES:
            break
    return chosen


def _snippet(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
