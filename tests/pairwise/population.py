"""A simulated population with known preferences: each item has a true strength, and a person
chooses the left item with the Bradley–Terry chance σ(left − right), or cannot decide."""

from __future__ import annotations

import math
import random

from consult.pairwise import pairing

UNDECIDED_SHARE = 0.1


def true_strengths(count: int, seed: int = 7) -> list[float]:
    """Strengths spread evenly over ±2 on the log-odds scale, in a seeded random order."""
    strengths = [-2 + 4 * i / (count - 1) for i in range(count)]
    random.Random(seed).shuffle(strengths)
    return strengths


def choose(rng: random.Random, strengths: list[float], left: int, right: int) -> int | None:
    """The index chosen, or None for "I can't decide"."""
    if rng.random() < UNDECIDED_SHARE:
        return None
    chance = 1 / (1 + math.exp(strengths[right] - strengths[left]))
    return left if rng.random() < chance else right


def simulate(strengths: list[float], people: int, answers_each: int,
             seed: int = 11) -> list[tuple[int, int, int]]:
    """(winner, loser, 1) rows from people answering pairs chosen by the round's own rule."""
    rng = random.Random(seed)
    tallies = {i: [0, 0, 0] for i in range(len(strengths))}
    rows = []
    for person in range(people):
        seen: set[frozenset[int]] = set()
        for _ in range(answers_each):
            shown = pairing.choose_pair(
                [pairing.Tally(i, *counts) for i, counts in tallies.items()], seen,
                pairing.salt_of(f"person{person}"))
            if shown is None:
                break
            left, right = shown
            seen.add(frozenset(shown))
            winner = choose(rng, strengths, left, right)
            if winner is None:
                tallies[left][2] += 1
                tallies[right][2] += 1
                continue
            loser = right if winner == left else left
            tallies[winner][0] += 1
            tallies[loser][1] += 1
            rows.append((winner, loser, 1))
    return rows
