"""Theme labels, near-duplicate groups and the similar-ideas index."""

from __future__ import annotations

import numpy as np

from consult.nlp.cache import MemoryCache, embed_with_cache
from consult.nlp.duplicates import SimilarIndex, duplicate_groups
from consult.nlp.labels import label_themes, theme_keywords
from consult.nlp.language import stop_words


def test_labels_exclude_stop_words_in_each_language():
    keywords = theme_keywords(
        [
            ["The river and the water are dirty", "The river is the problem for the fish"],
            ["El autobús es caro y el autobús llega tarde", "Los autobuses de la noche"],
        ],
        top=5,
    )
    assert keywords[0][0] == "river"
    assert keywords[1][0] in {"autobús", "autobuses"}
    assert not set(keywords[0]) & stop_words("en")
    assert not set(keywords[1]) & stop_words("es")


def test_label_falls_back_to_the_idea_when_it_has_no_words():
    vectors = np.eye(2, dtype=np.float32)
    labels = label_themes(["🙂🙂", "?!"], vectors, np.array([0, 1]), vectors)
    assert labels[0].label == "🙂🙂"
    assert labels[1].keywords == []


def test_label_representative_is_nearest_the_centroid():
    vectors = np.array([[1, 0], [0.6, 0.8], [0.8, 0.6], [0, 1]], dtype=np.float32)
    centroid = np.array([[0.8, 0.6]], dtype=np.float32)
    texts = ["a", "b", "c", "c"]
    labels = label_themes(texts, vectors, np.zeros(4, dtype=np.int64), centroid)
    assert labels[0].representative == 2
    assert labels[0].examples == [1, 0]  # nearest first; row 3 repeats the representative


def test_duplicate_groups_link_near_duplicates_transitively():
    vectors = np.array([[1, 0, 0], [0.96, 0.28, 0], [0.85, 0.53, 0], [0, 0, 1]], np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert duplicate_groups(vectors, threshold=0.95) == [[0, 1, 2]]
    assert duplicate_groups(vectors, threshold=0.99) == []


def test_duplicate_groups_found_among_thousands_of_ideas():
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((6000, 64)).astype(np.float32)
    vectors[5999] = vectors[3] + 0.01 * rng.standard_normal(64)
    vectors[4100] = vectors[2500] + 0.01 * rng.standard_normal(64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert duplicate_groups(vectors) == [[3, 5999], [2500, 4100]]


def test_duplicate_groups_of_empty_or_single_input_are_empty():
    assert duplicate_groups(np.zeros((0, 4), np.float32)) == []
    assert duplicate_groups(np.ones((1, 4), np.float32) / 2) == []


def test_similar_index_returns_most_similar_ideas_first(fake_embedder):
    texts = ["Clean the river water", "More buses at night", "Plant trees in the park"]
    vectors = embed_with_cache(fake_embedder, texts, MemoryCache())
    index = SimilarIndex(["r", "b", "p"], vectors, fake_embedder)
    hits = index.similar("buses at night please", k=2)
    assert [hit[0] for hit in hits][0] == "b"
    assert hits[0][1] >= hits[1][1]
    assert [hit[0] for hit in index.similar(vectors[2], k=10)][0] == "p"
    assert len(index.similar(vectors[2], k=10)) == 3
