"""Near-duplicate ideas and "similar ideas" search.

Similarities are computed as matrix products over blocks of rows, so memory stays
bounded and the work is done in BLAS; groups are connected components of the sparse
graph of close pairs, not a Python loop over pairs.

Across languages the multilingual encoder scores a translation well below a copy in the
same language, so pairs of ideas in two known, different languages get their own
thresholds (measured in bench/RESULTS_multilingual.md).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from consult.nlp.embed import Embedder

DUPLICATE_SIMILARITY = 0.9
# A translation of an idea is a copy from this similarity of the multilingual encoder: it
# gives hand-written translations of participation ideas 0.53-0.90 (87 % from 0.65), a real
# French rendering of an English campaign text 0.66, and different ideas of one consultation
# in two languages at most 0.52.
CROSS_LANGUAGE_DUPLICATE_SIMILARITY = 0.65
_BLOCK = 2048


def duplicate_groups(
    vectors: np.ndarray,
    threshold: float = DUPLICATE_SIMILARITY,
    languages: list[str | None] | None = None,
    cross_language_threshold: float = CROSS_LANGUAGE_DUPLICATE_SIMILARITY,
) -> list[list[int]]:
    """Groups (of two or more rows) linked by cosine similarity >= ``threshold``.

    With ``languages`` (a code or None per row; vectors of the multilingual encoder), two
    rows in different known languages are linked from ``cross_language_threshold``.
    Linking is transitive: if A~B and B~C, then A, B and C form one group (the
    connected components of the graph of close pairs). Groups are sorted by their
    first row, rows within a group ascending.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    n = len(vectors)
    if n < 2:
        return []
    codes = _language_codes(languages, n)
    sources, targets = [], []
    for start in range(0, n, _BLOCK):
        # Only pairs (row, later row) are kept: each close pair is found once.
        scores = vectors[start : start + _BLOCK] @ vectors[start:].T
        close = scores >= threshold
        if codes is not None:
            mine, theirs = codes[start : start + _BLOCK, None], codes[None, start:]
            close |= (scores >= cross_language_threshold) & (mine != theirs) & (mine > 0) & (
                theirs > 0)
        rows, columns = np.nonzero(np.triu(close, k=1))
        sources.append(rows + start)
        targets.append(columns + start)
    edges, ends = np.concatenate(sources), np.concatenate(targets)
    graph = sp.coo_matrix((np.ones(len(edges), np.int8), (edges, ends)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(component.tolist()):
        groups.setdefault(label, []).append(row)
    return sorted((rows for rows in groups.values() if len(rows) > 1), key=lambda rows: rows[0])


def _language_codes(languages: list[str | None] | None, n: int) -> np.ndarray | None:
    """One integer per row, the same for the same language; 0 for an unknown one."""
    if languages is None:
        return None
    if len(languages) != n:
        raise ValueError("one language (or None) per vector is needed")
    known = {language: code for code, language in enumerate(sorted(set(filter(None, languages))),
                                                           start=1)}
    return np.array([known.get(language, 0) for language in languages], dtype=np.int32)


class SimilarIndex:
    """Brute-force cosine search over cached vectors: exact, and fast enough at
    consultation sizes (a 10,000 × 896 float32 matrix is 36 MB; see bench/).

    ``languages`` (a code or None per id) lets a search hold ideas written in another
    language than the query to a threshold of their own."""

    def __init__(self, ids: list[object], vectors: np.ndarray, embedder: Embedder | None = None,
                 languages: list[str | None] | None = None):
        if len(ids) != len(vectors):
            raise ValueError("one id per vector is needed")
        self.ids = list(ids)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.embedder = embedder
        if languages is not None and len(languages) != len(self.ids):
            raise ValueError("one language (or None) per id is needed")
        self.languages = None if languages is None else list(languages)
        self._languages = None if languages is None else np.array(
            [language or "" for language in languages], dtype=object)

    def similar(
        self,
        query: str | np.ndarray,
        k: int = 5,
        *,
        threshold: float | None = None,
        language: str | None = None,
        cross_language_threshold: float | None = None,
    ) -> list[tuple[object, float]]:
        """The ``k`` most similar ids with their cosine similarity, most similar first.

        ``query`` is a text (embedded with the index's embedder) or a unit vector. With
        ``threshold``, only ids at least that similar count; an id whose language is known
        and differs from the query's ``language`` needs ``cross_language_threshold``
        instead, when given.
        """
        if isinstance(query, str):
            if self.embedder is None:
                raise ValueError("this index has no embedder, so it needs a vector")
            query = self.embedder.encode([query])[0]
        if not len(self.ids) or k <= 0:
            return []
        scores = self.vectors @ np.asarray(query, dtype=np.float32)
        if threshold is not None:
            scores = np.where(scores >= self._thresholds(threshold, language,
                                                         cross_language_threshold),
                              scores, -np.inf)
        k = min(k, int(np.isfinite(scores).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [(self.ids[i], float(scores[i])) for i in top]

    def _thresholds(self, threshold: float, language: str | None,
                    cross_language_threshold: float | None) -> np.ndarray | float:
        """The similarity each id needs: ``threshold``, or the cross-language one for ids
        written in another known language than a known ``language``."""
        if cross_language_threshold is None or not language or self._languages is None:
            return threshold
        other = (self._languages != language) & (self._languages != "")
        return np.where(other, cross_language_threshold, threshold)
