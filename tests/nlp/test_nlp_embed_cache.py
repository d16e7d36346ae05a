"""Embedding cache, hashing, serialisation and model selection (no real model)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from consult.nlp.cache import MemoryCache, embed_with_cache, from_bytes, text_hash, to_bytes
from consult.nlp.embed import (
    SETTING,
    ConcatEmbedder,
    EmbeddingModelError,
    choose_embedder,
    get_embedder,
    normalise_rows,
)


def test_text_hash_ignores_whitespace_and_unicode_form():
    assert text_hash("  More  trees\n") == text_hash("More trees")
    assert text_hash("caf\u00e9") == text_hash("cafe\u0301")
    assert text_hash("More trees") != text_hash("More parks")


def test_vector_bytes_round_trip_as_float32():
    vector = np.array([0.5, -1.25, 3.0], dtype=np.float64)
    data = to_bytes(vector)
    assert len(data) == 12
    restored = from_bytes(data)
    assert restored.dtype == np.float32
    np.testing.assert_array_equal(restored, vector.astype(np.float32))


def test_embed_with_cache_encodes_only_missing_texts_in_batches(fake_embedder):
    cache = MemoryCache()
    first = embed_with_cache(fake_embedder, ["a river", "a bus", "a river"], cache, batch_size=1)
    assert fake_embedder.encoded == [["a bus"], ["a river"]]  # each once, shortest first
    fake_embedder.encoded.clear()
    texts = ["a bus", "a park", "a tree", "a river  "]
    second = embed_with_cache(fake_embedder, texts, cache, batch_size=5)
    assert fake_embedder.encoded == [["a park", "a tree"]]
    assert second.dtype == np.float32
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[3], first[0])
    assert all(v.dtype == np.float32 for v in cache.vectors.values())


def test_embed_with_cache_caches_combined_models_part_by_part(fake_embedder):
    cache = MemoryCache()
    embed_with_cache(fake_embedder, ["a river"], cache)
    combined = ConcatEmbedder([fake_embedder, fake_embedder])
    vectors = embed_with_cache(combined, ["a river", "a bus"], cache)
    assert sorted(map(tuple, fake_embedder.encoded)) == [("a bus",), ("a river",)]
    assert vectors.shape == (2, 128)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_embed_with_cache_returns_empty_matrix_for_no_texts(fake_embedder):
    assert embed_with_cache(fake_embedder, [], MemoryCache()).shape == (0, 64)


def test_normalise_rows_gives_unit_rows_even_for_zero_vectors():
    rows = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0)


def test_get_embedder_unknown_model_raises_one_clear_error(monkeypatch):
    monkeypatch.setenv(SETTING, "/no/such/model-dir")
    with pytest.raises(EmbeddingModelError, match=SETTING):
        get_embedder()


def test_choose_embedder_routes_by_corpus_language(monkeypatch):
    monkeypatch.delenv(SETTING, raising=False)
    english = ["We need more buses at night", "The park needs more trees"]
    spanish = ["Necesitamos más autobuses por la noche", "El parque necesita más árboles"]
    assert "MiniLM" in choose_embedder(english).name
    assert choose_embedder(spanish).name.startswith("use-multilingual-v3")
    assert choose_embedder(english, "use").name.startswith("use-multilingual-v3")


def test_importing_nlp_modules_does_not_import_torch():
    code = (
        "import sys, consult.nlp.embed, consult.nlp.backends, consult.nlp.cluster, "
        "consult.nlp.labels, consult.nlp.duplicates, consult.nlp.csv_clustering; "
        "print('torch' in sys.modules or 'sentence_transformers' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"
