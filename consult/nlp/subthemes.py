"""Sub-themes: a large theme split into the few topics it holds.

Each theme with enough ideas is clustered again on its own ideas' vectors, so the level
below always nests in the level above. Sub-themes keep their keys across runs by member
overlap, as themes do (consult.nlp.identity), so a name a facilitator gave survives.
Pure and deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from consult.nlp.identity import fresh_keys, match_previous
from consult.nlp.spectral import FIT_SAMPLE, centroids_of, nearest, spectral_labels

MIN_IDEAS = 12  # a theme this large is split
MIN_SIZE = 3  # ideas per sub-theme, at least (on average)
MAX_SUBTHEMES = 8


@dataclass(frozen=True)
class Split:
    """Sub-theme of each of a theme's ideas: ``labels[i]`` indexes ``keys`` for ``rows[i]``."""

    rows: list[int]
    labels: np.ndarray
    keys: list[str]
    centroids: np.ndarray

    def members(self, index: int) -> list[int]:
        return [row for row, label in zip(self.rows, self.labels.tolist(), strict=True)
                if label == index]


def split_theme(vectors: np.ndarray, rows: list[int],
                previous: Mapping[str, Iterable[int]] | None = None, seed: int = 0
                ) -> Split | None:
    """The sub-themes of the theme whose ideas are ``rows`` (rows of ``vectors``), or None
    when it is too small or all of a piece. ``previous`` maps an earlier sub-theme's key to
    its rows, so that a sub-theme that mostly stays keeps its key."""
    rows = sorted(rows)
    most = min(MAX_SUBTHEMES, len(rows) // MIN_SIZE)
    if len(rows) < MIN_IDEAS or most < 2:
        return None
    own = np.asarray(vectors[rows], dtype=np.float32)
    labels = _labels(own, most, seed)
    count = int(labels.max()) + 1
    if count < 2:
        return None
    clusters = [{rows[i] for i in np.flatnonzero(labels == index)} for index in range(count)]
    named = match_previous(clusters, previous or {})
    new = iter(fresh_keys(count, {*(previous or {}), *named.values()}))
    keys = [named.get(index) or next(new) for index in range(count)]
    return Split(rows, labels, keys, centroids_of(own, labels, count))


def _labels(own: np.ndarray, most: int, seed: int) -> np.ndarray:
    """Spectral on the theme's ideas, or on a sample of a very large theme and then each idea
    to the nearest sub-theme (as consult.nlp.spectral.fit_themes)."""
    if len(own) <= FIT_SAMPLE:
        return spectral_labels(own, None, seed, max_auto=most)
    sample = np.sort(np.random.default_rng(seed).choice(len(own), FIT_SAMPLE, replace=False))
    sampled = spectral_labels(own[sample], None, seed, max_auto=most)
    return nearest(own, centroids_of(own[sample], sampled, int(sampled.max()) + 1))[0]
