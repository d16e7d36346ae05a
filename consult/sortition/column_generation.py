"""MAXIMIN over types by column generation, with HiGHS (`highspy`).

A column is a feasible count vector n (one count per type, see `consult.sortition.types`); a
person of type t sits with chance Σ_c λ_c n_{c,t} / |t| when column c is drawn with chance λ_c.
One level of the problem (MAXIMIN is the first, LEXIMIN repeats it) is the linear program

    maximise z  s.t.  Σ_c λ_c n_{c,t}/|t| ≥ z       for each type t still free,
                      Σ_c λ_c n_{c,t}/|t| ≥ f_t     for each type t already fixed at f_t,
                      Σ_c λ_c ≤ 1,  λ ≥ 0,

solved through its dual over the columns known so far (Flanigan et al., Nature 2021):

    minimise ŷ − Σ_fixed f_t y_t  s.t.  Σ_t y_t n_{c,t}/|t| ≤ ŷ  for each column c,
                                        Σ_free y_t = 1,  y, ŷ ≥ 0.

The pricing problem, a small integer program with one variable per type, finds the count vector
with the largest Σ_t y_t n_t/|t|; while it exceeds ŷ, that column joins and the dual is solved
again. When it does not, the known columns suffice and ŷ − Σ f_t y_t is the level's optimum.

Every solver runs on one thread with a fixed random seed, so the result is the same each run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import highspy
import numpy as np

from consult.sortition.types import Types

TOLERANCE = 1e-6  # on the pricing value, where the free dual weights add up to 1
START_COLUMNS = 8  # count vectors found with random objectives before the first dual


class NoPanel(Exception):  # noqa: N818 - a result, not a failure of the code
    """No count vector meets every quota."""


@dataclass
class Level:
    value: float  # the level's optimal z
    duals: list[float]  # y_t for each type
    rounds: int  # pricing problems solved


def new_highs() -> highspy.Highs:
    """A quiet, deterministic HiGHS."""
    highs = highspy.Highs()
    for name, value in (("output_flag", False), ("threads", 1), ("random_seed", 0),
                        ("mip_rel_gap", 0.0), ("mip_abs_gap", 1e-9)):
        highs.setOptionValue(name, value)
    return highs


def _add_rows(highs: highspy.Highs, rows: list[tuple[list[int], list[float], float, float]]
              ) -> None:
    for indices, values, low, high in rows:
        highs.addRow(low, high, len(indices), np.array(indices, dtype=np.int32),
                     np.array(values, dtype=np.float64))


def pricing_model(types: Types) -> highspy.Highs:
    """The integer program over count vectors: 0 ≤ n_t ≤ |t|, Σ n_t = seats, the quotas."""
    highs = new_highs()
    count = len(types.members)
    highs.addCols(count, np.zeros(count), np.zeros(count), np.array(types.sizes, dtype=float),
                  0, np.array([], dtype=np.int32), np.array([], dtype=np.int32),
                  np.array([], dtype=np.float64))
    highs.changeColsIntegrality(count, np.arange(count, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * count))
    rows = [(list(range(count)), [1.0] * count, types.size, types.size)]
    rows += [(having, [1.0] * len(having), low, high) for having, low, high in types.limits]
    _add_rows(highs, [row for row in rows if row[0] or row[2] > 0])
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    return highs


def best_column(pricing: highspy.Highs, weights: list[float]) -> tuple[float, tuple[int, ...]]:
    """The count vector with the largest Σ_t weights[t] n_t, and that sum."""
    count = len(weights)
    pricing.changeColsCost(count, np.arange(count, dtype=np.int32),
                           np.array(weights, dtype=np.float64))
    pricing.run()
    if pricing.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise NoPanel
    column = tuple(round(n) for n in pricing.getSolution().col_value)
    return sum(w * n for w, n in zip(weights, column, strict=True)), column


def start_columns(types: Types, pricing: highspy.Highs) -> list[tuple[int, ...]]:
    """A few different count vectors: small types first, then random objectives (a fixed seed,
    so that the distribution never depends on the draw's seed)."""
    rng = random.Random(0)
    columns = [best_column(pricing, [1 / s for s in types.sizes])[1]]
    for _ in range(START_COLUMNS - 1):
        column = best_column(pricing, [rng.random() / s for s in types.sizes])[1]
        if column not in columns:
            columns.append(column)
    return columns


def _shares(types: Types, column: tuple[int, ...]) -> list[float]:
    return [n / s for n, s in zip(column, types.sizes, strict=True)]


def dual_model(types: Types, columns: list[tuple[int, ...]], fixed: dict[int, float]
               ) -> highspy.Highs:
    """The level's dual over `columns`; variable t is y_t, the last variable is ŷ."""
    highs = new_highs()
    count = len(types.members)
    costs = [-fixed.get(t, 0.0) for t in range(count)] + [1.0]
    highs.addCols(count + 1, np.array(costs), np.zeros(count + 1), np.full(count + 1, np.inf),
                  0, np.array([], dtype=np.int32), np.array([], dtype=np.int32),
                  np.array([], dtype=np.float64))
    free = [t for t in range(count) if t not in fixed]
    _add_rows(highs, [(free, [1.0] * len(free), 1.0, 1.0)])
    for column in columns:
        add_column(highs, types, column)
    return highs


def add_column(highs: highspy.Highs, types: Types, column: tuple[int, ...]) -> None:
    """Σ_t y_t n_t/|t| − ŷ ≤ 0 for one more count vector."""
    indices = [t for t, n in enumerate(column) if n]
    values = [n / types.sizes[t] for t, n in zip(indices, (column[t] for t in indices),
                                                   strict=True)]
    _add_rows(highs, [([*indices, len(column)], [*values, -1.0], -np.inf, 0.0)])


def solve_level(types: Types, columns: list[tuple[int, ...]], fixed: dict[int, float],
                pricing: highspy.Highs) -> Level:
    """Add columns to `columns` until they support an optimum of the level; return it."""
    highs = dual_model(types, columns, fixed)
    count, rounds = len(types.members), 0
    while True:
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise ArithmeticError(f"the level's dual LP ended with {highs.getModelStatus()}")
        solution = highs.getSolution().col_value
        duals, cap = [max(0.0, y) for y in solution[:count]], solution[count]
        value, column = best_column(pricing, [y / s for y, s in zip(duals, types.sizes,
                                                                    strict=True)])
        rounds += 1
        if value <= cap + TOLERANCE or column in columns:
            return Level(highs.getInfo().objective_function_value, duals, rounds)
        columns.append(column)
        add_column(highs, types, column)


def column_weights(types: Types, columns: list[tuple[int, ...]], floors: list[float]
                   ) -> list[float]:
    """Weights on `columns`, adding up to 1, giving each type at least its floor, less the
    smallest uniform shortfall that rounding forces (minimised)."""
    highs = new_highs()
    count = len(columns)
    highs.addCols(count + 1, np.array([0.0] * count + [1.0]), np.zeros(count + 1),
                  np.array([1.0] * count + [np.inf]), 0, np.array([], dtype=np.int32),
                  np.array([], dtype=np.int32), np.array([], dtype=np.float64))
    rows = [(list(range(count)), [1.0] * count, 1.0, 1.0)]
    for t, floor in enumerate(floors):
        using = [c for c, column in enumerate(columns) if column[t]]
        values = [columns[c][t] / types.sizes[t] for c in using]
        rows.append(([*using, count], [*values, 1.0], floor, np.inf))
    _add_rows(highs, rows)
    highs.run()
    weights = np.clip(np.array(highs.getSolution().col_value[:count]), 0.0, 1.0)
    weights[weights < 1e-12] = 0.0
    return list(weights / weights.sum())


def maximin(types: Types) -> tuple[list[tuple[int, ...]], list[float], int]:
    """Count vectors, their weights, and the pricing problems solved, for MAXIMIN."""
    pricing = pricing_model(types)
    columns = start_columns(types, pricing)
    level = solve_level(types, columns, {}, pricing)
    weights = column_weights(types, columns, [level.value] * len(types.members))
    return columns, weights, level.rounds
