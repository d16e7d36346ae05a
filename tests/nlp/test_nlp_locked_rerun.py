"""A locked theme on a real re-run (March On, 2,162 comments, the real English model): it
keeps its ideas and takes only those closer to it than to any other theme. Locking a theme
about gun control once pulled in 134 ideas, on gerrymandering and the ERA among them."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from consult.nlp.cluster import Constraints, cluster_embeddings

pytestmark = pytest.mark.slow_model

COMMENTS = Path(__file__).parents[1] / "data" / "march-on-comments.csv"
OTHER_TOPICS = ("gerrymander", "equal rights amendment", "the era ", "era!")


@pytest.fixture(scope="module")
def march_on(minilm) -> tuple[list[str], np.ndarray]:
    with COMMENTS.open(encoding="utf-8", newline="") as file:
        texts = [row["comment-body"] for row in csv.DictReader(file)]
    return texts, minilm.encode(texts)


def test_a_locked_theme_takes_only_the_ideas_nearest_to_it(march_on):
    texts, vectors = march_on
    first = cluster_embeddings(vectors, seed=0)
    about_guns = [row for row, text in enumerate(texts) if "gun" in text.lower()]
    key = Counter(first.key_of(row) for row in about_guns
                  if first.key_of(row)).most_common(1)[0][0]
    members = first.members(key)
    previous = {row: first.key_of(row) for row in range(len(texts)) if first.key_of(row)}

    rerun = cluster_embeddings(vectors, Constraints(locked={key: members}, previous=previous),
                               seed=1)

    after = rerun.members(key)
    newcomers = sorted(set(after) - set(members))
    assert set(members) <= set(after)
    nearest = (vectors[newcomers] @ rerun.centroids.T).argmax(axis=1)
    assert (nearest == rerun.keys.index(key)).all()
    assert not [texts[row] for row in newcomers
                if any(topic in texts[row].lower() for topic in OTHER_TOPICS)]
