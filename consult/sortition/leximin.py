"""LEXIMIN over types on HiGHS: the least selection probability as high as the quotas allow
(MAXIMIN), then the next least as high as possible without lowering the first, and so on.

Each level is solved by column generation (`consult.sortition.column_generation`) with the types
already fixed held at their values. In the level's optimal dual, a type with a positive weight
y_t has its constraint binding in every optimal solution (complementary slackness), so it cannot
rise above the level: it is fixed there, and the next level maximises the least probability of
the remaining types. As the free weights add up to 1, each level fixes at least one type.
People of one type are interchangeable, so the fairest distribution gives them all the same
chance, and LEXIMIN over types is LEXIMIN over people.
"""

from __future__ import annotations

import highspy

from consult.sortition.column_generation import (
    Level,
    column_weights,
    pricing_model,
    solve_level,
    start_columns,
)
from consult.sortition.types import Types

FIX_WEIGHT = 1e-6  # a dual weight above this marks a type as binding
SLACK = 1e-9  # fixed values sit this far below the level, so that rounding keeps them reachable
RETRIES = 5


def leximin(types: Types) -> tuple[list[tuple[int, ...]], list[float], int, int]:
    """Count vectors, their weights, the pricing problems solved and the levels, for LEXIMIN."""
    pricing = pricing_model(types)
    columns = start_columns(types, pricing)
    fixed: dict[int, float] = {}
    rounds = levels = 0
    while len(fixed) < len(types.members):
        level = _solve(types, columns, fixed, pricing)
        rounds += level.rounds
        levels += 1
        binding = [t for t, y in enumerate(level.duals) if y > FIX_WEIGHT and t not in fixed]
        if not binding:  # cannot happen with exact arithmetic: fix the heaviest free type
            binding = [max((t for t in range(len(types.members)) if t not in fixed),
                           key=lambda t: level.duals[t])]
        for t in binding:
            fixed[t] = max(0.0, level.value - SLACK)
    floors = [fixed[t] for t in range(len(types.members))]
    return columns, column_weights(types, columns, floors), rounds, levels


def _solve(types: Types, columns: list[tuple[int, ...]], fixed: dict[int, float],
           pricing: highspy.Highs) -> Level:
    """One level; should rounding leave the fixed values out of reach, lower them a little (the
    remedy of Flanigan et al.'s code) and try again."""
    for _ in range(RETRIES):
        try:
            return solve_level(types, columns, fixed, pricing)
        except ArithmeticError:
            for t in fixed:
                fixed[t] = max(0.0, fixed[t] - 1e-7)
    return solve_level(types, columns, fixed, pricing)
