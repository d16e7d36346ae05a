"""The database-backed embedding cache (implements `consult.nlp.cache.EmbeddingCache`)."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.models import Embedding
from consult.nlp.cache import from_bytes, to_bytes

CHUNK = 500  # keeps IN (...) lists within every database's limits


class DatabaseEmbeddingCache:
    """Vectors stored as float32 bytes per (model, text hash); flushes, never commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_many(self, model_name: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), CHUNK):
            rows = self.session.execute(
                select(Embedding.text_hash, Embedding.vector).where(
                    Embedding.model == model_name,
                    Embedding.text_hash.in_(unique[start:start + CHUNK]),
                )
            )
            found.update({text_hash: from_bytes(vector) for text_hash, vector in rows})
        return found

    def put_many(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        known = self.get_many(model_name, list(vectors))
        self.session.add_all(
            Embedding(model=model_name, text_hash=text_hash, vector=to_bytes(vector))
            for text_hash, vector in vectors.items()
            if text_hash not in known
        )
        self.session.flush()
