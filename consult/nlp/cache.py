"""Embedding cache: vectors are keyed by model name and a hash of the normalised text.

The database-backed cache (in ``consult/services``) implements :class:`EmbeddingCache`
and stores vectors with :func:`to_bytes` / :func:`from_bytes`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from typing import Protocol

import numpy as np

from consult.nlp.embed import ConcatEmbedder, Embedder

_SPACES = re.compile(r"\s+")
# Vectors asked of the cache at once: what is read is written into one matrix between reads.
READ_CHUNK = 5000


class EmbeddingCache(Protocol):
    """Where embeddings are kept between runs."""

    def get_many(self, model_name: str, hashes: list[str]) -> dict[str, np.ndarray]:
        """Vectors already stored for ``hashes`` (missing hashes are simply absent)."""
        ...

    def put_many(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        """Store float32 ``vectors`` by text hash."""
        ...

    def known(self, model_name: str, hashes: list[str]) -> set[str]:
        """Which of ``hashes`` have a vector stored (without reading the vectors)."""
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

    def known(self, model_name: str, hashes: list[str]) -> set[str]:
        """Which of ``hashes`` have a vector stored."""
        return {text_key for text_key in hashes if (model_name, text_key) in self.vectors}


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
    one model and the mix never re-encodes what is known. Every part writes into
    one matrix, read from the cache a chunk at a time, so memory holds each vector
    once (at 100,000 ideas, one copy of the mixed vectors is 360 MB).
    """
    parts = embedder.parts if isinstance(embedder, ConcatEmbedder) else [embedder]
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    hashes = [text_hash(text) for text in texts]
    first_row: dict[str, int] = {}  # a repeated text is read or encoded once, for its first row
    for row, text_key in enumerate(hashes):
        first_row.setdefault(text_key, row)
    text_of = dict(zip(hashes, texts, strict=True))
    keys = list(first_row)
    rows = np.fromiter(first_row.values(), dtype=np.int64, count=len(keys))
    widths = [_width(part, keys, cache) for part in parts]
    matrix = np.empty((len(texts), sum(widths)), dtype=np.float32)
    start = 0
    for part, width in zip(parts, widths, strict=True):
        columns = matrix[:, start:start + width]
        start += width
        missing = _read_cached(part.name, keys, rows, cache, columns)
        pairs = [(keys[index], text_of[keys[index]]) for index in missing]
        for batch, vectors in _encode_missing(part, pairs, cache, batch_size):
            columns[[first_row[text_key] for text_key in batch]] = vectors
    repeated = [(row, first_row[key]) for row, key in enumerate(hashes) if first_row[key] != row]
    if repeated:
        matrix[[row for row, _ in repeated]] = matrix[[first for _, first in repeated]]
    if isinstance(embedder, ConcatEmbedder):
        matrix *= embedder.scale
    return matrix


def fill_cache(
    embedder: Embedder, texts: list[str], cache: EmbeddingCache, batch_size: int = 256
) -> int:
    """Encode and store the vectors of ``texts`` that the cache lacks, without reading the
    vectors it has; returns how many texts were encoded (per model, summed)."""
    parts = embedder.parts if isinstance(embedder, ConcatEmbedder) else [embedder]
    unique = {text_hash(text): text for text in texts}
    encoded = 0
    for part in parts:
        known: set[str] = set()
        for chunk in _chunks(list(unique)):
            known |= cache.known(part.name, chunk)
        missing = [(key, text) for key, text in unique.items() if key not in known]
        for batch, _ in _encode_missing(part, missing, cache, batch_size):
            encoded += len(batch)
    return encoded


def _encode_missing(
    embedder: Embedder, missing: list[tuple[str, str]], cache: EmbeddingCache, batch_size: int
) -> Iterator[tuple[list[str], np.ndarray]]:
    """Encode (hash, text) pairs shortest first and store each batch; yields (hashes, vectors)."""
    # Batches of similar lengths waste less padding (transformers pad to the longest).
    missing = sorted(missing, key=lambda item: len(item[1]))
    for start in range(0, len(missing), max(1, batch_size)):
        batch = missing[start:start + batch_size]
        keys = [text_key for text_key, _ in batch]
        vectors = embedder.encode([text for _, text in batch]).astype(np.float32, copy=False)
        cache.put_many(embedder.name, dict(zip(keys, vectors, strict=True)))
        yield keys, vectors


def _chunks(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), READ_CHUNK):
        yield keys[start:start + READ_CHUNK]


def _width(embedder: Embedder, keys: list[str], cache: EmbeddingCache) -> int:
    """Length of ``embedder``'s vectors: that of the first text's cached vector, else the
    model's own (a model then loads, but it has that text to encode anyway)."""
    found = cache.get_many(embedder.name, keys[:1])
    return len(next(iter(found.values()))) if found else embedder.dim


def _read_cached(
    model_name: str, keys: list[str], rows: np.ndarray, cache: EmbeddingCache,
    columns: np.ndarray,
) -> np.ndarray:
    """Write the cached vector of each of ``keys`` into row ``rows[i]`` of ``columns``, a
    chunk at a time; returns the indices of the keys that have none."""
    filled = np.zeros(len(keys), dtype=bool)
    for start in range(0, len(keys), READ_CHUNK):
        found = cache.get_many(model_name, keys[start:start + READ_CHUNK])
        indices = [start + offset
                   for offset, text_key in enumerate(keys[start:start + READ_CHUNK])
                   if text_key in found]
        if indices:
            columns[rows[indices]] = np.stack([found[keys[index]] for index in indices])
            filled[indices] = True
    return np.flatnonzero(~filled)
