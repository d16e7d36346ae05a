"""People with the same value in every category are interchangeable for the quotas: they form a
type. A panel is then a vector of counts, one per type (how many people of each type sit), and
the quotas are linear constraints on these counts.

Types and the people inside them are kept in a canonical order (sorted values, sorted ids), so
that everything built on them is the same from one process or machine to the next.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Types:
    """The pool grouped into types, with the quotas written on counts of types."""

    categories: tuple[str, ...]  # the categories that have quotas, in the request's order
    values: list[tuple[str, ...]]  # per type, its value in each category (sorted)
    members: list[list[str]]  # per type, the ids of its people (sorted)
    size: int  # seats on a panel
    # per quota: (the indices of the types that have the value, min, max)
    limits: list[tuple[list[int], int, int]]

    @property
    def sizes(self) -> list[int]:
        return [len(people) for people in self.members]


def group(request: dict) -> Types:
    """The types of the request's pool (`people`, `quotas`, `size` as the solver receives them)."""
    categories = tuple(dict.fromkeys(q["category"] for q in request["quotas"]))
    by_values: dict[tuple[str, ...], list[str]] = {}
    for person in request["people"]:
        key = tuple(str(person[c]) for c in categories)
        by_values.setdefault(key, []).append(str(person["id"]))
    values = sorted(by_values)
    members = [sorted(by_values[key]) for key in values]
    limits = []
    for quota in request["quotas"]:
        column = categories.index(quota["category"])
        having = [t for t, key in enumerate(values) if key[column] == str(quota["value"])]
        limits.append((having, int(quota["min"]), int(quota["max"])))
    return Types(categories, values, members, int(request["size"]), limits)


def is_feasible_counts(types: Types, counts: list[int]) -> bool:
    """Whether a count vector is a panel: within each type's size, the seats and every quota."""
    if sum(counts) != types.size:
        return False
    if any(not 0 <= n <= s for n, s in zip(counts, types.sizes, strict=True)):
        return False
    return all(low <= sum(counts[t] for t in having) <= high
               for having, low, high in types.limits)


def person_probabilities(types: Types, columns: list[tuple[int, ...]],
                         weights: list[float]) -> dict[str, float]:
    """Each person's chance of a seat when count vector `columns[c]` is drawn with `weights[c]`:
    the expected count of the person's type divided by its size."""
    chances = {}
    for t, people in enumerate(types.members):
        expected = sum(w * column[t] for column, w in zip(columns, weights, strict=True))
        for person in people:
            chances[person] = expected / len(people)
    return chances


def draw_panel(types: Types, columns: list[tuple[int, ...]], weights: list[float],
               seed: int) -> list[str]:
    """One panel: a count vector drawn by its weight, then that many people of each type drawn
    uniformly within the type. The seed fixes both draws."""
    rng = random.Random(seed)
    [column] = rng.choices(columns, weights)
    selected = []
    for count, people in zip(column, types.members, strict=True):
        selected.extend(rng.sample(people, count))
    return sorted(selected)
