"""Removing what the language of an idea adds to its vector, so that every language of a
corpus stands on an equal footing in its themes.

An encoder places the texts of one language to one side of the others: an offset that
cosine similarity counts as likeness. An English-only model does it so strongly that
German ideas form a theme of their own, whatever they say. Three ways to remove it:

- :func:`centre_by_language`: subtract each language's mean vector. Exact when every
  language speaks of the same things in the same proportions; when one language holds a
  topic the others lack, its mean is that topic, and centring erases it (measured on real
  consultations in 14 languages, ARI 0.51 to 0.11 with MiniLM and the multilingual
  encoder, 0.64 to 0.33 with the encoder alone on an earlier draw of that set).
- :func:`align_languages`: estimate each language's offset from pairs of ideas that say
  the same thing in two languages, found with a multilingual part of the vectors, and
  remove it from the other parts. A topic only one language speaks of keeps its place:
  its ideas are matched with whatever main-language ideas are closest, and only the most
  confident half of the matches count. This is what ``build_themes`` uses; with MiniLM
  and the multilingual encoder, ARI 0.51 to 0.66 and 0.30 to 0.86 on two real multilingual
  sets, 0.89 either way on a third, English alone unchanged.
- :func:`centre_on_corpus`: subtract the corpus mean (one language or many).

Figures in bench/RESULTS_multilingual.md. Vectors may be a concatenation of several
models' parts (see ``ConcatEmbedder``): each part is brought back to unit length on its
own, then the joined row is rescaled to unit length, so the parts still vote equally.
Pure numpy, deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from consult.nlp.embed import normalise_rows

# A language has its own mean only with enough rows for that mean to be a stable
# estimate; the rows of rarer (or unknown) languages get the corpus mean instead.
MIN_LANGUAGE_ROWS = 10
MIN_LANGUAGE_SHARE = 0.05
# Ideas of the main language each idea is matched with, and the share of a language's
# ideas (the most confidently matched) whose matches estimate its offset.
ALIGN_NEIGHBOURS = 5
ALIGN_KEEP = 0.5
# Ideas per language used to estimate an offset: plenty for a mean, and the matching
# stays a 2,000 x 2,000 product at any corpus size.
ALIGN_SAMPLE = 2000


def language_groups(languages: Sequence[str | None]) -> dict[str | None, np.ndarray]:
    """Rows of each language large enough to be centred on its own mean; the key None
    holds every other row (unknown or rare languages), centred on the corpus mean."""
    n = len(languages)
    counts = Counter(language for language in languages if language)
    own = {language for language, count in counts.items()
           if count >= max(MIN_LANGUAGE_ROWS, MIN_LANGUAGE_SHARE * n)}
    keys = np.array([language if language in own else "" for language in languages],
                    dtype=object)
    groups = {language: np.flatnonzero(keys == language) for language in sorted(own)}
    rest = np.flatnonzero(keys == "")
    if len(rest):
        groups[None] = rest
    return groups


def centre_by_language(
    vectors: np.ndarray,
    languages: Sequence[str | None],
    parts: Sequence[int] | None = None,
) -> np.ndarray:
    """Subtract from each row the mean of its language (see :func:`language_groups`),
    part by part, and return unit rows (float32, a new array).

    ``parts`` lists the dimensions of the concatenated parts, in order (default: one
    part). Means are taken over the input rows as given.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(languages) != len(vectors):
        raise ValueError("one language (or None) per row is needed")
    parts = _check_parts(vectors, parts)
    if not len(vectors):
        return vectors.copy()
    centred = vectors.copy()
    for language, rows in language_groups(languages).items():
        source = vectors if language is None else vectors[rows]
        centred[rows] -= source.mean(axis=0, dtype=np.float64).astype(np.float32)
    return _rejoin(centred, parts)


def centre_on_corpus(vectors: np.ndarray, parts: Sequence[int] | None = None) -> np.ndarray:
    """Subtract the mean of all rows from each row, part by part; unit rows (float32)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    return centre_by_language(vectors, [None] * len(vectors), parts)


def aligned_languages(languages: Sequence[str | None]) -> list[str]:
    """Languages with enough ideas (MIN_LANGUAGE_ROWS) for their offset to be estimated."""
    counts = Counter(language for language in languages if language)
    return sorted(language for language, count in counts.items() if count >= MIN_LANGUAGE_ROWS)


def align_languages(
    vectors: np.ndarray,
    languages: Sequence[str | None],
    parts: Sequence[int],
    reference: int,
) -> np.ndarray:
    """Move the ideas of every language onto the corpus's main language (the one with the
    most ideas) in every part but ``reference``, the index in ``parts`` of a multilingual
    part, which finds the ideas that say the same thing across languages and is left as it
    is. Returns unit rows (float32, a new array); a corpus with fewer than two languages of
    MIN_LANGUAGE_ROWS ideas comes back unchanged.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(languages) != len(vectors):
        raise ValueError("one language (or None) per row is needed")
    parts = _check_parts(vectors, parts)
    bounds = np.cumsum([0, *parts])
    matching = slice(int(bounds[reference]), int(bounds[reference + 1]))
    moved = np.ones(vectors.shape[1], dtype=bool)
    moved[matching] = False
    counts = Counter(language for language in languages if language)
    candidates = aligned_languages(languages)
    if len(candidates) < 2 or not moved.any():
        return vectors.copy()
    main = max(candidates, key=lambda language: (counts[language], language))
    keys = np.array([language or "" for language in languages], dtype=object)
    anchors = vectors[_sample(np.flatnonzero(keys == main))]
    aligned = vectors.copy()
    for language in candidates:
        if language != main:
            rows = np.flatnonzero(keys == language)
            offset = _offset(vectors[_sample(rows)], anchors, matching)
            aligned[rows] -= np.where(moved, offset, np.float32(0.0))
    return _rejoin(aligned, parts)


def _offset(rows: np.ndarray, anchors: np.ndarray, matching: slice) -> np.ndarray:
    """Mean difference between ``rows`` and their nearest ``anchors`` (by the matching part),
    over the rows matched most confidently."""
    similarity = rows[:, matching] @ anchors[:, matching].T
    count = min(ALIGN_NEIGHBOURS, len(anchors))
    nearest = np.argpartition(-similarity, count - 1, axis=1)[:, :count]
    closeness = np.take_along_axis(similarity, nearest, axis=1).mean(axis=1)
    confident = closeness >= np.quantile(closeness, 1.0 - ALIGN_KEEP)
    matched = anchors[nearest[confident]].mean(axis=1)
    return (rows[confident] - matched).mean(axis=0, dtype=np.float64).astype(np.float32)


def _sample(rows: np.ndarray) -> np.ndarray:
    """At most ALIGN_SAMPLE of ``rows``, drawn with a fixed seed (the same rows each run)."""
    if len(rows) <= ALIGN_SAMPLE:
        return rows
    return np.sort(np.random.default_rng(0).choice(rows, ALIGN_SAMPLE, replace=False))


def _check_parts(vectors: np.ndarray, parts: Sequence[int] | None) -> list[int]:
    if vectors.ndim != 2:
        raise ValueError("vectors must be a 2-D array, one row per text")
    parts = [vectors.shape[1]] if parts is None else [int(dim) for dim in parts]
    if sum(parts) != vectors.shape[1] or any(dim <= 0 for dim in parts):
        raise ValueError(f"parts {parts} do not add up to {vectors.shape[1]} dimensions")
    return parts


def _rejoin(centred: np.ndarray, parts: list[int]) -> np.ndarray:
    """Each part of unit length, then all scaled so that the joined row is of unit length."""
    scale = np.float32(1.0 / np.sqrt(len(parts)))
    start = 0
    for dim in parts:
        block = slice(start, start + dim)
        centred[:, block] = normalise_rows(centred[:, block]) * scale
        start += dim
    return centred
