"""Bounded work on large corpora: language guesses on a sample, vectors read in chunks into
one matrix, the cache filled without reading it, outliers measured block by block."""

from __future__ import annotations

import numpy as np
import pytest

from consult.nlp import cache as nlp_cache
from consult.nlp import language
from consult.nlp.cache import MemoryCache, embed_with_cache, fill_cache
from consult.nlp.embed import ConcatEmbedder
from consult.nlp.spectral import centroids_of, similarity_to

ENGLISH = "The buses are always late and far too crowded in the morning"
SPANISH = "Los autobuses siempre llegan tarde y van demasiado llenos por la mañana"


def test_language_shares_of_a_large_corpus_are_guessed_on_a_bounded_sample(monkeypatch):
    texts = [SPANISH if number % 5 == 0 else ENGLISH for number in range(20_000)]
    guessed = []
    detect = language.detect_language

    def counted(text):
        guessed.append(text)
        return detect(text)

    monkeypatch.setattr(language, "detect_language", counted)
    shares = language.language_shares(texts)
    assert len(guessed) <= language.LANGUAGE_SAMPLE
    assert shares["en"] == pytest.approx(0.8, abs=0.02)
    assert shares["es"] == pytest.approx(0.2, abs=0.02)


def test_language_shares_of_a_small_corpus_guess_every_text():
    assert language.language_shares([ENGLISH, ENGLISH, ENGLISH, SPANISH]) == {"en": 0.75,
                                                                            "es": 0.25}


def test_embed_with_cache_reads_in_chunks_and_keeps_the_order_of_the_texts(fake_embedder,
                                                                          monkeypatch):
    texts = [f"idea number {word}" for word in ("one", "two", "three", "four", "five")]
    cache = MemoryCache()
    expected = embed_with_cache(fake_embedder, texts, cache)
    monkeypatch.setattr(nlp_cache, "READ_CHUNK", 2)
    asked = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda model, keys: asked.append(len(keys))
                        or get_many(model, keys))
    again = embed_with_cache(fake_embedder, [*texts, texts[0]], cache)
    assert asked == [1, 2, 2, 1]  # the first text tells the vectors' length
    np.testing.assert_array_equal(again[:5], expected)
    np.testing.assert_array_equal(again[5], expected[0])


def test_fill_cache_encodes_only_what_each_model_lacks(fake_embedder):
    cache = MemoryCache()
    embed_with_cache(fake_embedder, ["a river", "a bus"], cache)
    fake_embedder.encoded.clear()
    other = type(fake_embedder)()
    other.name = "other-model@1"
    encoded = fill_cache(ConcatEmbedder([fake_embedder, other]), ["a river", "a park"], cache)
    assert fake_embedder.encoded == [["a park"]]
    assert other.encoded == [["a park", "a river"]]
    assert encoded == 3
    assert fill_cache(ConcatEmbedder([fake_embedder, other]), ["a park"], cache) == 0


def test_combined_vectors_read_from_the_cache_equal_the_models_joined(fake_embedder):
    other = type(fake_embedder)()
    other.name, other.dim = "other-model@1", 16
    combined = ConcatEmbedder([fake_embedder, other])
    texts = ["a river", "a bus", "a park", "a bus"]
    cache = MemoryCache()
    embed_with_cache(other, texts[:2], cache)  # one model knows some texts already
    vectors = embed_with_cache(combined, texts, cache)
    np.testing.assert_allclose(vectors, combined.encode(texts), rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)


def test_similarity_to_own_centroid_in_blocks_equals_the_whole_product():
    generator = np.random.default_rng(3)
    vectors = generator.standard_normal((50, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = generator.integers(0, 4, 50)
    centroids = centroids_of(vectors, labels, 4)
    whole = np.einsum("ij,ij->i", vectors, centroids[labels])
    np.testing.assert_allclose(similarity_to(vectors, centroids, labels, block=7), whole,
                               rtol=1e-6)
