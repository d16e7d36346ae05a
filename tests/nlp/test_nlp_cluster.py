"""Theme clustering with a fast fake embedder: grouping, edge cases, constraints."""

from __future__ import annotations

import numpy as np
import pytest

from consult.nlp.cache import MemoryCache, embed_with_cache
from consult.nlp.cluster import Constraints, cluster_embeddings
from consult.nlp.themes import build_themes


def embed(embedder, texts):
    return embed_with_cache(embedder, texts, MemoryCache())


def grouped_as(labels: np.ndarray, truth: list[str]) -> bool:
    """True when rows share a label exactly when they share a true theme."""
    pairs = {(str(t), int(label)) for t, label in zip(truth, labels, strict=True)}
    return len(pairs) == len(set(truth)) == len({label for _, label in pairs})


def test_cluster_groups_obvious_themes(fake_embedder, themed_texts):
    texts, truth = themed_texts
    result = cluster_embeddings(embed(fake_embedder, texts))
    assert len(result.keys) == 3
    assert grouped_as(result.labels, truth)


def test_cluster_uses_requested_number_of_themes(fake_embedder, themed_texts):
    texts, _ = themed_texts
    result = cluster_embeddings(embed(fake_embedder, texts), k=2)
    assert len(result.keys) == 2


def test_cluster_returns_nothing_for_empty_input():
    result = cluster_embeddings(np.zeros((0, 8), dtype=np.float32))
    assert result.keys == []
    assert result.labels.shape == (0,)


def test_cluster_puts_a_single_idea_in_one_theme(fake_embedder):
    result = cluster_embeddings(embed(fake_embedder, ["Fix the potholes"]))
    assert result.labels.tolist() == [0]
    assert len(result.keys) == 1


def test_cluster_puts_identical_ideas_in_one_theme(fake_embedder):
    result = cluster_embeddings(embed(fake_embedder, ["More bike lanes"] * 30))
    assert len(result.keys) == 1
    assert result.unsorted == []


def test_cluster_keeps_every_row_with_odd_ideas(fake_embedder, themed_texts):
    texts, truth = themed_texts
    odd = ["🙂🙂🙂", "?!...", "", "river " * 4000]
    result = cluster_embeddings(embed(fake_embedder, texts + odd))
    assert len(result.labels) == len(texts) + len(odd)
    assert grouped_as(result.labels[: len(texts)], truth)


def test_cluster_is_deterministic_for_a_seed(fake_embedder, themed_texts):
    texts, _ = themed_texts
    vectors = embed(fake_embedder, texts)
    first = cluster_embeddings(vectors, seed=7)
    second = cluster_embeddings(vectors.copy(), seed=7)
    assert first.labels.tolist() == second.labels.tolist()
    assert first.keys == second.keys
    np.testing.assert_array_equal(first.centroids, second.centroids)


def test_cluster_keeps_pinned_ideas_when_rerun(fake_embedder, themed_texts):
    texts, truth = themed_texts
    vectors = embed(fake_embedder, texts)
    first = cluster_embeddings(vectors)
    previous = {row: first.key_of(row) for row in range(len(texts))}
    bus_key = first.key_of(truth.index("buses"))
    water_row = truth.index("water")
    pinned = {water_row: bus_key, 1: "facilitator-theme"}
    for seed in (0, 1, 2):
        rerun = cluster_embeddings(
            vectors, Constraints(pinned=pinned, previous=previous), seed=seed
        )
        assert rerun.key_of(water_row) == bus_key
        assert rerun.key_of(1) == "facilitator-theme"


def test_cluster_keeps_theme_keys_when_rerun_with_new_ideas(fake_embedder, themed_texts):
    texts, _ = themed_texts
    first = cluster_embeddings(embed(fake_embedder, texts))
    previous = {row: first.key_of(row) for row in range(len(texts))}
    more = texts + ["Clean the river and stop water pollution now"]
    rerun = cluster_embeddings(embed(fake_embedder, more), Constraints(previous=previous))
    assert [rerun.key_of(row) for row in range(len(texts))] == list(previous.values())
    assert rerun.key_of(len(texts)) == first.key_of(0)


def test_cluster_locked_theme_keeps_members_and_attracts_similar_idea(fake_embedder, themed_texts):
    texts, truth = themed_texts
    park_rows = [row for row, theme in enumerate(truth) if theme == "parks"]
    # The facilitator also put one bus idea in the locked theme: it must stay there.
    locked = {"parks-and-green": [*park_rows, truth.index("buses")]}
    new_idea = "Plant trees in the park and more park benches"
    vectors = embed(fake_embedder, [*texts, new_idea])
    result = cluster_embeddings(vectors, Constraints(locked=locked))
    members = result.members("parks-and-green")
    assert set(locked["parks-and-green"]) <= set(members)
    assert len(texts) in members
    assert all(
        result.key_of(row) != "parks-and-green" for row, t in enumerate(truth) if t == "water"
    )


def test_cluster_rejects_constraints_on_missing_rows(fake_embedder):
    vectors = embed(fake_embedder, ["one idea", "another idea"])
    with pytest.raises(ValueError, match="rows"):
        cluster_embeddings(vectors, Constraints(pinned={5: "x"}))


def test_build_themes_labels_each_theme_with_its_words(fake_embedder, themed_texts):
    texts, truth = themed_texts
    run = build_themes(texts, fake_embedder)
    assert {theme.size for theme in run.themes} == {6}
    words = {word for theme in run.themes for word in theme.keywords}
    assert {"river", "bus", "park"} <= words
    for theme in run.themes:
        assert len(theme.examples) == 3
        rows = {theme.representative, *theme.examples}
        assert len({truth[row] for row in rows}) == 1


def _around(direction: list[float], count: int, rng: np.random.Generator) -> np.ndarray:
    rows = np.array(direction, dtype=np.float32) + rng.normal(0, 0.05, (count, len(direction)))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_a_broad_locked_theme_takes_only_ideas_closer_to_it_than_to_any_other():
    rng = np.random.default_rng(7)
    # A locked theme mixing two topics (as a facilitator's "gun control" theme that also
    # held ideas about voting); free ideas on the second topic and on a third one.
    locked_rows = np.vstack([_around([1, 0, 0, 0], 5, rng), _around([0, 0, 1, 0], 5, rng)])
    voting = _around([0, 0, 1, 0], 10, rng)
    transport = _around([0, 1, 0, 0], 10, rng)
    both = _around([1, 0, 1, 0], 1, rng)  # squarely what the locked theme is about
    vectors = np.vstack([locked_rows, voting, transport, both])
    locked = {"locked": list(range(10))}

    result = cluster_embeddings(vectors, Constraints(locked=locked), k=3)

    members = set(result.members("locked"))
    assert members == set(range(10)) | {30}  # its own, and the idea nearest to it
    voting_keys = {result.key_of(row) for row in range(10, 20)}
    assert len(voting_keys) == 1 and voting_keys != {"locked"}
