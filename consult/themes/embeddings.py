"""The database-backed embedding cache (implements `consult.nlp.cache.EmbeddingCache`)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from consult.core.base import utcnow
from consult.nlp.cache import from_bytes, to_bytes
from consult.themes.embedding_model import Embedding

CHUNK = 500  # keeps IN (...) lists within every database's limits


class DatabaseEmbeddingCache:
    """Vectors stored as float32 bytes per (model, text hash); flushes, never commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_many(self, model_name: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for chunk in _chunks(hashes):
            rows = self.session.execute(
                select(Embedding.text_hash, Embedding.vector).where(
                    Embedding.model == model_name, Embedding.text_hash.in_(chunk)
                )
            )
            found.update({text_hash: from_bytes(vector) for text_hash, vector in rows})
        return found

    def known(self, model_name: str, hashes: list[str]) -> set[str]:
        """Which of ``hashes`` have a vector stored for ``model_name`` (vectors not read)."""
        found: set[str] = set()
        for chunk in _chunks(hashes):
            found.update(self.session.scalars(select(Embedding.text_hash).where(
                Embedding.model == model_name, Embedding.text_hash.in_(chunk))))
        return found

    def put_many(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        # Two workers may embed the same new text at once: the row already there is the same
        # vector, so a conflict is skipped rather than failing the whole job.
        insert = postgresql.insert if self.session.get_bind().dialect.name == "postgresql" \
            else sqlite.insert
        rows = [{"model": model_name, "text_hash": text_hash, "vector": to_bytes(vector),
                 "created_at": utcnow()} for text_hash, vector in vectors.items()]
        for start in range(0, len(rows), CHUNK):
            self.session.execute(insert(Embedding).values(rows[start:start + CHUNK])
                                 .on_conflict_do_nothing(index_elements=["model", "text_hash"]))


def _chunks(hashes: list[str]) -> Iterator[list[str]]:
    unique = list(dict.fromkeys(hashes))
    for start in range(0, len(unique), CHUNK):
        yield unique[start:start + CHUNK]
