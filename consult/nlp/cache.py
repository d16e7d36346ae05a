"""Embedding cache: vectors are keyed by model name and a hash of the normalised text.

The database-backed cache (in ``consult/services``) implements :class:`EmbeddingCache`
and stores vectors with :func:`to_bytes` / :func:`from_bytes`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol

import numpy as np

from consult.nlp.embed import ConcatEmbedder, Embedder

_SPACES = re.compile(r"\s+")


class EmbeddingCache(Protocol):
    """Where embeddings are kept between runs."""

    def get_many(self, model_name: str, hashes: list[str]) -> dict[str, np.ndarray]:
        """Vectors already stored for ``hashes`` (missing hashes are simply absent)."""
        ...

    def put_many(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        """Store float32 ``vectors`` by text hash."""
        ...


class MemoryCache:
    """An :class:`EmbeddingCache` in a dict, for tests, the CSV command and benchmarks."""

    def __init__(self) -> None:
        self.vectors: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model_name: str, hashes: list[str]) -> dict[str, np.ndarray]:
        """Vectors already stored for ``hashes``."""
        found = {}
        for text_key in hashes:
            vector = self.vectors.get((model_name, text_key))
            if vector is not None:
                found[text_key] = vector
        return found

    def put_many(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        """Store ``vectors`` as float32."""
        for text_key, vector in vectors.items():
            self.vectors[(model_name, text_key)] = np.asarray(vector, dtype=np.float32)


def normalise_text(text: str) -> str:
    """The form of a text that is hashed: Unicode NFC, whitespace collapsed and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_hash(text: str) -> str:
    """sha256 hex digest of the normalised text: the cache key of its embedding."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    """Serialise a vector as little-endian float32 bytes (4 bytes per dimension)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """Read a vector written by :func:`to_bytes`."""
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


def embed_with_cache(
    embedder: Embedder,
    texts: list[str],
    cache: EmbeddingCache,
    batch_size: int = 256,
) -> np.ndarray:
    """Embeddings of ``texts`` (n × dim, float32), encoding only texts the cache lacks.

    Identical texts (after normalisation) are encoded once. Missing vectors are
    encoded and stored batch by batch, so an interrupted run keeps its progress.
    A :class:`ConcatEmbedder` is cached part by part: switching a corpus between
    one model and the mix never re-encodes what is known.
    """
    if isinstance(embedder, ConcatEmbedder):
        blocks = [embed_with_cache(part, texts, cache, batch_size) for part in embedder.parts]
        return embedder.combine(blocks) if texts else np.zeros((0, embedder.dim), np.float32)
    hashes = [text_hash(text) for text in texts]
    unique = dict(zip(hashes, texts, strict=True))
    known = cache.get_many(embedder.name, list(unique))
    # Batches of similar lengths waste less padding (transformers pad to the longest).
    missing = sorted((h for h in unique if h not in known), key=lambda h: len(unique[h]))
    for batch in _batches(missing, batch_size):
        vectors = embedder.encode([unique[text_key] for text_key in batch])
        fresh = dict(zip(batch, vectors.astype(np.float32), strict=True))
        cache.put_many(embedder.name, fresh)
        known.update(fresh)
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.stack([known[text_key] for text_key in hashes]).astype(np.float32, copy=False)


def _batches(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]
