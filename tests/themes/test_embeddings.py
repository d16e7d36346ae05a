import numpy as np

from consult.models import Embedding
from consult.nlp.cache import embed_with_cache, text_hash
from consult.themes.embeddings import DatabaseEmbeddingCache


class CountingEmbedder:
    """A tiny deterministic embedder that counts the texts it is asked to encode."""

    name = "counting-test-model@1"
    dim = 4

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.encoded.extend(texts)
        rows = np.array([[len(t), t.count("a") + 1, t.count("e") + 1, 1.0] for t in texts],
                        dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_database_cache_embeds_only_new_or_edited_texts(db):
    cache, embedder = DatabaseEmbeddingCache(db.session), CountingEmbedder()
    first = embed_with_cache(embedder, ["more parks", "safer bike lanes"], cache)
    db.session.commit()
    again = embed_with_cache(embedder, ["more parks", "safer bike lanes", "night buses"], cache)
    assert embedder.encoded == ["more parks", "safer bike lanes", "night buses"]
    np.testing.assert_array_equal(first, again[:2])
    assert again.dtype == np.float32


def test_database_cache_stores_float32_bytes_per_model_and_hash(db):
    cache = DatabaseEmbeddingCache(db.session)
    vector = np.array([0.6, 0.8, 0.0], dtype=np.float32)
    cache.put_many("model-a", {text_hash("x"): vector})
    cache.put_many("model-a", {text_hash("x"): vector})  # idempotent
    cache.put_many("model-b", {text_hash("x"): vector})
    rows = db.session.query(Embedding).order_by(Embedding.model).all()
    assert [row.model for row in rows] == ["model-a", "model-b"]
    assert len(rows[0].vector) == 3 * 4
    np.testing.assert_array_equal(cache.get_many("model-b", [text_hash("x")])[text_hash("x")],
                                  vector)
    assert cache.get_many("model-c", [text_hash("x")]) == {}


def test_database_cache_skips_a_vector_another_worker_stored_meanwhile(db, monkeypatch):
    vector = np.array([0.6, 0.8, 0.0], dtype=np.float32)
    cache = DatabaseEmbeddingCache(db.session)
    with db.engine.begin() as other_worker:
        other_worker.execute(Embedding.__table__.insert().values(
            model="model-a", text_hash=text_hash("x"), vector=vector.tobytes()))
    # Every read of this job happened before the other worker committed.
    monkeypatch.setattr(cache, "get_many", lambda *_args: {})
    cache.put_many("model-a", {text_hash("x"): vector, text_hash("y"): vector})
    db.session.commit()
    assert db.session.query(Embedding).count() == 2
