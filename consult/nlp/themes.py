"""The whole theme pipeline for a list of idea texts: embed, cluster, label.

This is what the clustering service and the CSV command call; it has no Flask
and no database (the service passes its database-backed cache).

Languages on an equal footing: when the vectors join an English-only model and the
multilingual encoder (``choose_embedder`` does so for corpora 90 % English or more) and at
least two languages have 10 ideas or more, each language is moved onto the main one in the
English-only part (``centring.align_languages``), so that German ideas no longer form a
theme of their own. Measured (bench/RESULTS_multilingual.md, ARI, number of themes not
given): on EU feedback 90 % in English with German and Spanish, 0.89 with 30 of its 32
German and Spanish ideas with their consultation (0.75 to 0.90 on an earlier draw); on two
sets in 12 and 14 languages, had they been routed to the mix, 0.30 to 0.86 and 0.51 to 0.66;
English alone unchanged (0.65 on dev-nz-hivemind), since one language is never aligned.
Nothing else is centred: the multilingual encoder alone already puts languages in one space,
and every other centring measured lost somewhere (language means, 0.51 to 0.11 on 11
consultations in 14 languages) or moved single-language corpora by 0.01 or 0.02 either way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from consult.nlp.cache import EmbeddingCache, MemoryCache, embed_with_cache
from consult.nlp.centring import align_languages, aligned_languages
from consult.nlp.cluster import ClusterResult, Constraints, cluster_embeddings
from consult.nlp.embed import ConcatEmbedder, Embedder, choose_embedder
from consult.nlp.junk import junk_apart
from consult.nlp.labels import label_themes
from consult.nlp.language import detect_language


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
    """The outcome of :func:`build_themes`. ``vectors`` are those clustered: with the
    languages aligned when ``aligned`` is true (the centroids are theirs)."""

    model_name: str
    result: ClusterResult
    themes: list[Theme]
    vectors: np.ndarray
    aligned: bool = False


def build_themes(
    texts: list[str],
    embedder: Embedder | None = None,
    cache: EmbeddingCache | None = None,
    constraints: Constraints | None = None,
    k: int | None = None,
    seed: int = 0,
    *,
    languages: list[str | None] | None = None,
) -> ThemeRun:
    """Embed ``texts`` (through ``cache``), cluster them and label every theme.

    Without ``embedder`` the model is chosen for this corpus (``choose_embedder``).
    ``languages`` (ISO 639-1 code or None per text) are detected when not given and
    needed. Themes are ordered largest first; unsorted ideas have no theme.
    """
    embedder = embedder or choose_embedder(texts)
    vectors = embed_with_cache(embedder, texts, cache if cache is not None else MemoryCache())
    aligned = aligned_vectors(vectors, embedder, texts, languages)
    vectors = vectors if aligned is None else aligned
    result = cluster_embeddings(vectors, constraints, k=k, seed=seed)
    result, _ = junk_apart(texts, result, constraints or Constraints())
    labels = label_themes(texts, vectors, result.labels, result.centroids, languages=languages)
    sizes = np.bincount(result.labels[result.labels >= 0], minlength=len(result.keys))
    themes = [
        Theme(key, name.label, name.keywords, int(size), name.representative, name.examples)
        for key, name, size in zip(result.keys, labels, sizes, strict=True)
    ]
    themes.sort(key=lambda theme: (-theme.size, theme.key))
    return ThemeRun(embedder.name, result, themes, vectors, aligned is not None)


def aligned_vectors(vectors: np.ndarray, embedder: Embedder, texts: list[str],
                    languages: list[str | None] | None) -> np.ndarray | None:
    """The vectors with every language moved onto the main one, or None when there is
    nothing to align: no multilingual part next to another, or fewer than two languages."""
    from consult.nlp.backends import UseEmbedder

    parts = embedder.parts if isinstance(embedder, ConcatEmbedder) else [embedder]
    multilingual = [index for index, part in enumerate(parts) if isinstance(part, UseEmbedder)]
    if len(parts) < 2 or len(multilingual) != 1:
        return None
    if languages is None:
        languages = [detect_language(text) for text in texts]
    elif len(languages) != len(texts):
        raise ValueError("one language (or None) per text is needed")
    if len(aligned_languages(languages)) < 2:
        return None
    # The other part's width is what the multilingual one leaves: no model loads to ask it.
    dims = [UseEmbedder.dim if index in multilingual else vectors.shape[1] - UseEmbedder.dim
            for index in range(len(parts))] if len(parts) == 2 else [part.dim for part in parts]
    return align_languages(vectors, languages, dims, multilingual[0])
