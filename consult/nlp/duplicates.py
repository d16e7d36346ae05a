"""Near-duplicate ideas and "similar ideas" search.

Similarities are computed as matrix products over blocks of rows, so memory stays
bounded and the work is done in BLAS; groups are connected components of the sparse
graph of close pairs, not a Python loop over pairs.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from consult.nlp.embed import Embedder

DUPLICATE_SIMILARITY = 0.9
_BLOCK = 2048


def duplicate_groups(
    vectors: np.ndarray, threshold: float = DUPLICATE_SIMILARITY
) -> list[list[int]]:
    """Groups (of two or more rows) linked by cosine similarity >= ``threshold``.

    Linking is transitive: if A~B and B~C, then A, B and C form one group (the
    connected components of the graph of close pairs). Groups are sorted by their
    first row, rows within a group ascending.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    n = len(vectors)
    if n < 2:
        return []
    sources, targets = [], []
    for start in range(0, n, _BLOCK):
        # Only pairs (row, later row) are kept: each close pair is found once.
        scores = vectors[start : start + _BLOCK] @ vectors[start:].T
        rows, columns = np.nonzero(np.triu(scores >= threshold, k=1))
        sources.append(rows + start)
        targets.append(columns + start)
    edges, ends = np.concatenate(sources), np.concatenate(targets)
    graph = sp.coo_matrix((np.ones(len(edges), np.int8), (edges, ends)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(component.tolist()):
        groups.setdefault(label, []).append(row)
    return sorted((rows for rows in groups.values() if len(rows) > 1), key=lambda rows: rows[0])


class SimilarIndex:
    """Brute-force cosine search over cached vectors: exact, and fast enough at
    consultation sizes (a 10,000 × 896 float32 matrix is 36 MB; see bench/)."""

    def __init__(self, ids: list[object], vectors: np.ndarray, embedder: Embedder | None = None):
        if len(ids) != len(vectors):
            raise ValueError("one id per vector is needed")
        self.ids = list(ids)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.embedder = embedder

    def similar(self, query: str | np.ndarray, k: int = 5) -> list[tuple[object, float]]:
        """The ``k`` most similar ids with their cosine similarity, most similar first.

        ``query`` is a text (embedded with the index's embedder) or a unit vector.
        """
        if isinstance(query, str):
            if self.embedder is None:
                raise ValueError("this index has no embedder, so it needs a vector")
            query = self.embedder.encode([query])[0]
        if not len(self.ids) or k <= 0:
            return []
        scores = self.vectors @ np.asarray(query, dtype=np.float32)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [(self.ids[i], float(scores[i])) for i in top]
