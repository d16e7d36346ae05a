"""The whole theme pipeline for a list of idea texts: embed, cluster, label.

This is what the clustering service and the CSV command call; it has no Flask
and no database (the service passes its database-backed cache).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from consult.nlp.cache import EmbeddingCache, MemoryCache, embed_with_cache
from consult.nlp.cluster import ClusterResult, Constraints, cluster_embeddings
from consult.nlp.embed import Embedder, choose_embedder
from consult.nlp.labels import label_themes


@dataclass(frozen=True)
class Theme:
    """One theme of a run: its key, label and the rows that best show it."""

    key: str
    label: str
    keywords: list[str]
    size: int
    representative: int
    examples: list[int]


@dataclass(frozen=True)
class ThemeRun:
    """The outcome of :func:`build_themes`."""

    model_name: str
    result: ClusterResult
    themes: list[Theme]
    vectors: np.ndarray


def build_themes(
    texts: list[str],
    embedder: Embedder | None = None,
    cache: EmbeddingCache | None = None,
    constraints: Constraints | None = None,
    k: int | None = None,
    seed: int = 0,
) -> ThemeRun:
    """Embed ``texts`` (through ``cache``), cluster them and label every theme.

    Without ``embedder`` the model is chosen for this corpus (``choose_embedder``).
    Themes are ordered largest first; unsorted ideas have no theme.
    """
    embedder = embedder or choose_embedder(texts)
    vectors = embed_with_cache(embedder, texts, cache if cache is not None else MemoryCache())
    result = cluster_embeddings(vectors, constraints, k=k, seed=seed)
    labels = label_themes(texts, vectors, result.labels, result.centroids)
    sizes = np.bincount(result.labels[result.labels >= 0], minlength=len(result.keys))
    themes = [
        Theme(key, name.label, name.keywords, int(size), name.representative, name.examples)
        for key, name, size in zip(result.keys, labels, sizes, strict=True)
    ]
    themes.sort(key=lambda theme: (-theme.size, theme.key))
    return ThemeRun(embedder.name, result, themes, vectors)
