"""Theme clustering of idea embeddings, honouring the facilitator's decisions.

Pure and deterministic: the same vectors, constraints, ``k`` and ``seed`` give the
same result. Rows are ideas; themes are identified by string keys that persist
across runs (existing theme ids as strings, ``new-N`` for themes created now).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from consult.nlp.identity import fresh_keys, match_previous
from consult.nlp.spectral import centroids_of, fit_themes, nearest, similarity_to

UNSORTED = -1
# Ideas at least this similar to the mean of all of them form a single theme.
SAME_IDEA_SIMILARITY = 0.98
# A free idea joins a locked theme when it is closer to it than to any theme of the run
# (the rule every idea follows), and at least as close to its centroid as most members
# are; the bounds stop a one-idea theme attracting nothing, or a loose theme attracting
# everything.
ATTRACT_QUANTILE = 0.1
ATTRACT_BOUNDS = (0.35, 0.6)
# Members further from their centroid than this many robust deviations are unsorted.
OUTLIER_DEVIATIONS = 3.0
# Below this many ideas the spread is too poorly known to call any idea an outlier.
MIN_IDEAS_FOR_OUTLIERS = 30


@dataclass(frozen=True)
class Constraints:
    """What the facilitator decided; honoured on every re-run.

    pinned:   row -> theme key. The idea stays in that theme, whatever the model says.
    locked:   theme key -> rows. The theme keeps these members; another idea joins it
              only when it is closer to it than to any other theme, and clearly similar.
    previous: row -> theme key from the last run, so themes keep their keys (and
              so their names, merges and links) when their members mostly stay.
    """

    pinned: Mapping[int, str] = field(default_factory=dict)
    locked: Mapping[str, Sequence[int]] = field(default_factory=dict)
    previous: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClusterResult:
    """Theme per row: ``labels[row]`` indexes ``keys`` and ``centroids``; -1 = unsorted."""

    labels: np.ndarray
    keys: list[str]
    centroids: np.ndarray

    def key_of(self, row: int) -> str | None:
        """Theme key of ``row``, None when the idea is unsorted."""
        label = int(self.labels[row])
        return None if label == UNSORTED else self.keys[label]

    def members(self, key: str) -> list[int]:
        """Rows in the theme ``key``."""
        return np.flatnonzero(self.labels == self.keys.index(key)).tolist()

    @property
    def unsorted(self) -> list[int]:
        """Rows no theme fits (kept, for the facilitator to place)."""
        return np.flatnonzero(self.labels == UNSORTED).tolist()


def cluster_embeddings(
    vectors: np.ndarray,
    constraints: Constraints | None = None,
    k: int | None = None,
    seed: int = 0,
    *,
    min_themes: int = 2,
) -> ClusterResult:
    """Group unit-length embeddings (n × d) into themes.

    ``k`` is the number of themes wanted in total (locked ones included); None
    chooses it from the data, at least ``min_themes`` when there are enough ideas (the
    facilitator's "detailed themes"). Raises ValueError for a constraint on a missing row.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    constraints = constraints or Constraints()
    _check_rows(constraints, len(vectors))
    fixed = {row: key for key, members in constraints.locked.items() for row in members}
    fixed.update(constraints.pinned)
    free = np.array([row for row in range(len(vectors)) if row not in fixed], dtype=np.int64)
    auto_k = None if k is None else max(1, k - len(constraints.locked))
    # Without decisions every row is free: no copy of the vectors (360 MB at 100,000 ideas).
    free_vectors = vectors if len(free) == len(vectors) else vectors[free]
    local = (auto_themes(free_vectors, auto_k, seed, min_themes) if len(free)
             else np.zeros(0, np.int64))
    attracted = _attracted(vectors, constraints, fixed, free, free_vectors, local)
    fixed.update(attracted)
    clusters = [members for label in range(int(local.max(initial=-1)) + 1)
                if (members := set(free[local == label].tolist()) - attracted.keys())]
    previous = _previous_themes(constraints, exclude=set(constraints.locked))
    named = match_previous(clusters, previous)
    new = iter(fresh_keys(len(clusters), {*previous, *constraints.locked, *named.values()}))
    assignment = dict(fixed)
    for index, members in enumerate(clusters):
        key = named.get(index) or next(new)
        assignment.update({row: key for row in members if row not in fixed})
    return _result(vectors, assignment)


def auto_themes(vectors: np.ndarray, k: int | None, seed: int, min_themes: int = 2
                ) -> np.ndarray:
    """Theme index per row, -1 for outliers, for ideas without constraints."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    mean = vectors.mean(axis=0)
    mean /= max(float(np.linalg.norm(mean)), 1e-12)
    if k == 1 or n < 4 or (k is None and float((vectors @ mean).min()) >= SAME_IDEA_SIMILARITY):
        return np.zeros(n, dtype=np.int64)
    labels = fit_themes(vectors, k, seed, min_themes)
    return _mark_outliers(vectors, labels) if n >= MIN_IDEAS_FOR_OUTLIERS else labels


def _mark_outliers(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unsort ideas much further from their theme's centre than ideas usually are.

    The yardstick is corpus-wide (median and median absolute deviation of every
    idea's similarity to its centroid): per-theme statistics over a handful of
    ideas would unsort perfectly ordinary ones.
    """
    count = int(labels.max()) + 1
    similarity = similarity_to(vectors, centroids_of(vectors, labels, count), labels)
    middle = np.median(similarity)
    spread = 1.4826 * np.median(np.abs(similarity - middle))
    labels = np.where(similarity < middle - OUTLIER_DEVIATIONS * spread, UNSORTED, labels)
    return _renumber(labels)


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Theme indices 0..m-1 in order of first appearance, -1 kept."""
    order = {label: index for index, label in enumerate(dict.fromkeys(labels[labels >= 0]))}
    return np.array([order.get(label, UNSORTED) for label in labels.tolist()], dtype=np.int64)


def _check_rows(constraints: Constraints, n: int) -> None:
    rows = [*constraints.pinned, *constraints.previous]
    rows += [row for members in constraints.locked.values() for row in members]
    bad = [row for row in rows if not 0 <= row < n]
    if bad:
        raise ValueError(f"constraints name rows {sorted(set(bad))[:5]} but there are {n} ideas")


def _attracted(vectors: np.ndarray, constraints: Constraints, fixed: dict[int, str],
               free: np.ndarray, free_vectors: np.ndarray, local: np.ndarray) -> dict[int, str]:
    """Free rows that join a locked theme: nearer to it than to any theme found among the
    free rows (``local``), and at least as similar as its threshold."""
    locked_keys = [key for key in sorted(constraints.locked) if key in fixed.values()]
    if not locked_keys or not len(free):
        return {}
    members = [np.array([r for r, key in fixed.items() if key == k]) for k in locked_keys]
    centroids = np.stack(
        [centroids_of(vectors[m], np.zeros(len(m), np.int64), 1)[0] for m in members]
    )
    thresholds = np.array([
        np.clip(np.quantile(vectors[m] @ c, ATTRACT_QUANTILE), *ATTRACT_BOUNDS)
        for m, c in zip(members, centroids, strict=True)
    ])
    best, similarity = nearest(free_vectors, centroids)
    found = int(local.max(initial=-1)) + 1
    if found:
        _, found_similarity = nearest(free_vectors, centroids_of(free_vectors, local, found))
    else:
        found_similarity = np.full(len(free), -np.inf, dtype=np.float32)
    joins = (similarity >= thresholds[best]) & (similarity > found_similarity)
    return {int(row): locked_keys[label] for row, label in zip(free[joins], best[joins],
                                                               strict=True)}


def _previous_themes(constraints: Constraints, exclude: set[str]) -> dict[str, set[int]]:
    """Members of each earlier theme (previous run plus pins), locked themes excluded."""
    themes: dict[str, set[int]] = {}
    for row, key in [*constraints.previous.items(), *constraints.pinned.items()]:
        if key not in exclude:
            themes.setdefault(key, set()).add(row)
    return themes


def _result(vectors: np.ndarray, assignment: dict[int, str]) -> ClusterResult:
    keys = list(dict.fromkeys(assignment[row] for row in sorted(assignment)))
    index = {key: i for i, key in enumerate(keys)}
    labels = np.full(len(vectors), UNSORTED, dtype=np.int64)
    for row, key in assignment.items():
        labels[row] = index[key]
    centroids = (
        centroids_of(vectors, labels, len(keys))
        if keys
        else np.zeros((0, vectors.shape[1]), np.float32)
    )
    return ClusterResult(labels=labels, keys=keys, centroids=centroids)
