"""Readable theme labels: c-TF-IDF keywords plus the most representative ideas.

c-TF-IDF (as in BERTopic) treats all ideas of a theme as one document: a word
scores high when it is frequent in this theme and rare across themes. Stop words
of the languages the theme is written in (stopwords-iso) are removed. No LLM, no
network.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from consult.nlp.language import stop_words_for, words

KEYWORDS_PER_LABEL = 3
EXAMPLES = 3
_MIN_WORD_LENGTH = 2


@dataclass(frozen=True)
class ThemeLabel:
    """What a facilitator first sees of a theme."""

    label: str
    keywords: list[str]
    representative: int
    examples: list[int]


def theme_keywords(documents: list[list[str]], top: int = KEYWORDS_PER_LABEL) -> list[list[str]]:
    """Top c-TF-IDF words of each theme, given the texts of each theme.

    score(word, theme) = tf(word, theme) / words(theme) * log(1 + A / f(word)),
    with A the mean number of words per theme and f the word's total frequency.
    """
    counts = [_counts(texts) for texts in documents]
    totals: Counter[str] = Counter()
    for count in counts:
        totals.update(count)
    average = sum(totals.values()) / max(1, len(counts))
    keywords = []
    for count in counts:
        size = max(1, sum(count.values()))
        scores = {word: n / size * np.log(1 + average / totals[word]) for word, n in count.items()}
        # Sorting by word too keeps ties deterministic.
        ranked = sorted(scores, key=lambda word: (-scores[word], word))
        keywords.append(ranked[:top])
    return keywords


def _counts(texts: list[str]) -> Counter[str]:
    stop = stop_words_for(texts)
    return Counter(
        word
        for text in texts
        for word in words(text)
        if len(word) >= _MIN_WORD_LENGTH and word not in stop
    )


def representatives(vectors: np.ndarray, rows: list[int], centroid: np.ndarray) -> list[int]:
    """``rows`` ordered from nearest to furthest from the theme ``centroid``."""
    if not rows:
        return []
    similarity = vectors[rows] @ centroid
    order = np.lexsort((np.asarray(rows), -similarity))
    return [rows[i] for i in order]


def label_themes(
    texts: list[str],
    vectors: np.ndarray,
    labels: np.ndarray,
    centroids: np.ndarray,
) -> list[ThemeLabel]:
    """One :class:`ThemeLabel` per theme index 0..len(centroids)-1.

    The label joins the top keywords with " · "; a theme with no usable word
    (emoji, punctuation) falls back to the start of its representative idea.
    """
    members = [np.flatnonzero(labels == index).tolist() for index in range(len(centroids))]
    keywords = theme_keywords([[texts[row] for row in rows] for rows in members])
    result = []
    for rows, centroid, words_ in zip(members, centroids, keywords, strict=True):
        ordered = representatives(vectors, rows, centroid)
        representative = ordered[0] if ordered else -1
        examples = _distinct_examples(texts, ordered[1:], texts[representative] if ordered else "")
        label = " · ".join(words_) or _snippet(texts[representative] if ordered else "")
        result.append(ThemeLabel(label, words_, representative, examples))
    return result


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
