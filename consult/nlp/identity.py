"""Keeping theme identity across clustering runs.

New clusters are matched one-to-one to the previous run's themes by member
overlap (Jaccard index, Hungarian assignment), so a theme the facilitator has
renamed or merged keeps its key, and therefore its name and provenance links.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from scipy.optimize import linear_sum_assignment

NEW_KEY_PREFIX = "new-"
# Below this overlap a new cluster is a different theme, not the old one moved.
MIN_JACCARD = 0.2


def match_previous(
    clusters: list[set[int]],
    previous: Mapping[str, Iterable[int]],
    min_jaccard: float = MIN_JACCARD,
) -> dict[int, str]:
    """Map cluster index -> previous theme key for the best one-to-one overlaps."""
    keys = sorted(previous)
    if not clusters or not keys:
        return {}
    old = [set(previous[key]) for key in keys]
    overlap = np.zeros((len(clusters), len(keys)))
    for i, members in enumerate(clusters):
        for j, old_members in enumerate(old):
            union = len(members | old_members)
            overlap[i, j] = len(members & old_members) / union if union else 0.0
    rows, columns = linear_sum_assignment(-overlap)
    return {
        int(i): keys[j] for i, j in zip(rows, columns, strict=True) if overlap[i, j] >= min_jaccard
    }


def fresh_keys(count: int, taken: Iterable[str]) -> list[str]:
    """``count`` keys ``new-1``, ``new-2``… that collide with none of ``taken``."""
    taken = set(taken)
    keys: list[str] = []
    number = 1
    while len(keys) < count:
        key = f"{NEW_KEY_PREFIX}{number}"
        if key not in taken:
            keys.append(key)
        number += 1
    return keys
