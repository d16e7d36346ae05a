"""Splitting a theme into sub-themes: nested in the theme, sized, and stable across runs."""

import numpy as np

from consult.nlp import subthemes
from consult.nlp.subthemes import split_theme


def blobs(groups: int, per_group: int, dim: int = 16, seed: int = 3) -> np.ndarray:
    """Unit vectors around `groups` well-separated directions."""
    rng = np.random.default_rng(seed)
    centres = np.eye(dim)[:groups] * 4
    rows = [centre + rng.normal(0, 0.3, dim) for centre in centres for _ in range(per_group)]
    vectors = np.asarray(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_theme_of_three_topics_splits_into_three_sub_themes():
    vectors = blobs(3, 8)
    rows = list(range(24))
    split = split_theme(vectors, rows)
    assert split is not None and len(split.keys) == 3
    groups = {frozenset(split.members(index)) for index in range(3)}
    assert groups == {frozenset(range(0, 8)), frozenset(range(8, 16)), frozenset(range(16, 24))}
    assert all(key.startswith("new-") for key in split.keys)


def test_only_the_theme_s_own_rows_are_split():
    vectors = blobs(4, 8)
    rows = list(range(8, 32))  # three of the four topics
    split = split_theme(vectors, rows)
    assert sorted(split.rows) == rows and sorted(r for i in range(len(split.keys))
                                                 for r in split.members(i)) == rows


def test_a_small_theme_is_not_split():
    vectors = blobs(2, 5)
    assert split_theme(vectors, list(range(10))) is None
    assert subthemes.MIN_IDEAS > 10


def test_sub_themes_keep_their_keys_when_their_ideas_stay():
    vectors = blobs(3, 8)
    first = split_theme(vectors, list(range(24)))
    previous = {f"{40 + index}": first.members(index) for index in range(3)}
    again = split_theme(vectors, list(range(24)), previous)
    assert sorted(again.keys) == ["40", "41", "42"]
    for index, key in enumerate(again.keys):
        assert set(again.members(index)) == set(previous[key])


def test_the_same_input_gives_the_same_split():
    vectors = blobs(3, 9, seed=8)
    one, two = split_theme(vectors, list(range(27)), seed=4), split_theme(
        vectors, list(range(27)), seed=4)
    assert one.keys == two.keys and (one.labels == two.labels).all()
