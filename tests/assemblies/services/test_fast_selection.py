"""MAXIMIN and LEXIMIN over types of interchangeable people: checked against the same linear
programs solved over every feasible count vector of small pools, against hand-worked answers,
and for reproducibility across processes."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys

import pytest
from scipy.optimize import linprog

from consult.sortition import solver
from consult.sortition import types as panel_types
from consult.sortition.column_generation import maximin
from consult.sortition.leximin import leximin

TOLERANCE = 1e-6


def _request(people, quotas, size, seed=7, algorithm="leximin"):
    categories = list(dict.fromkeys(q[0] for q in quotas))
    return {"people": people, "categories": categories, "size": size, "seed": seed,
            "algorithm": algorithm,
            "quotas": [{"category": c, "value": v, "min": lo, "max": hi}
                       for c, v, lo, hi in quotas]}


def _random_problem(seed: int) -> dict:
    """A small pool: 2 or 3 categories of 2 or 3 values, 8 to 14 people, 3 to 5 seats, skewed
    values and quotas with a little slack."""
    rng = random.Random(seed)
    values = {f"c{i}": [f"v{j}" for j in range(rng.choice((2, 3)))]
              for i in range(rng.choice((2, 3)))}
    people = [{"id": f"p{n:02d}",
               **{c: rng.choices(vs, range(len(vs), 0, -1))[0] for c, vs in values.items()}}
              for n in range(rng.randint(8, 14))]
    size = rng.randint(3, 5)
    quotas = []
    for category, vs in values.items():
        for value in vs:
            target = size / len(vs)
            quotas.append((category, value, max(0, int(target) - rng.randint(0, 1)),
                           int(target) + rng.randint(1, 2)))
    return _request(people, quotas, size)


def _all_columns(types: panel_types.Types) -> list[tuple[int, ...]]:
    ranges = [range(s + 1) for s in types.sizes]
    return [c for c in itertools.product(*ranges) if panel_types.is_feasible_counts(types, c)]


def _best_level(shares, free, fixed, extra=None):
    """max z (or the share of type `extra`) over distributions of all columns, with the free
    types at least z and the fixed ones at least their value."""
    count = len(shares)
    rows, bounds = [], []
    for t in range(len(shares[0])):
        share = [-shares[c][t] for c in range(count)]
        if t in fixed:
            rows.append([*share, 0.0])
            bounds.append(-fixed[t] + 1e-9)
        elif t != extra:
            rows.append([*share, 1.0])
            bounds.append(0.0)
    if extra is None:
        objective = [0.0] * count + [-1.0]
    else:
        objective = [-shares[c][extra] for c in range(count)] + [0.0]
    result = linprog(objective, A_ub=rows, b_ub=bounds, A_eq=[[1.0] * count + [0.0]], b_eq=[1.0],
                     bounds=[(0, None)] * count + [(None, None)], method="highs")
    assert result.status == 0
    return -result.fun, result.x[-1]


def _reference(types: panel_types.Types, levels: bool) -> list[float]:
    """Sorted person probabilities of MAXIMIN's least value (levels=False) or of LEXIMIN, by
    raising one level at a time and fixing the types that cannot rise above it."""
    columns = _all_columns(types)
    shares = [[n / s for n, s in zip(c, types.sizes, strict=True)] for c in columns]
    fixed: dict[int, float] = {}
    while len(fixed) < len(types.sizes):
        level, _ = _best_level(shares, None, fixed)
        if not levels:
            return [level]
        free = [t for t in range(len(types.sizes)) if t not in fixed]
        stuck = [t for t in free
                 if _best_level(shares, free, {**fixed, **{u: level for u in free if u != t}},
                                extra=t)[0] <= level + 1e-7]
        assert stuck
        fixed.update(dict.fromkeys(stuck, level))
    return sorted(fixed[t] for t, people in enumerate(types.members) for _ in people)


def _sorted_chances(types, columns, weights) -> list[float]:
    return sorted(panel_types.person_probabilities(types, columns, weights).values())


# --- types -------------------------------------------------------------------------------------

def test_people_with_the_same_values_form_one_type_in_a_canonical_order():
    people = [{"id": "z", "a": "x", "b": "u"}, {"id": "y", "a": "w", "b": "u"},
              {"id": "m", "a": "x", "b": "u"}]
    request = _request(people, [("a", "x", 0, 2), ("a", "w", 0, 1), ("b", "u", 2, 2)], 2)
    types = panel_types.group(request)
    assert types.values == [("w", "u"), ("x", "u")]
    assert types.members == [["y"], ["m", "z"]]
    assert types.limits == [([1], 0, 2), ([0], 0, 1), ([0, 1], 2, 2)]
    assert panel_types.group({**request, "people": people[::-1]}) == types


def test_drawing_within_types_takes_the_drawn_count_of_each_type():
    request = _request([{"id": f"p{n}", "a": "x" if n < 4 else "w"} for n in range(6)],
                       [("a", "x", 0, 3), ("a", "w", 0, 3)], 3)
    types = panel_types.group(request)
    for seed in range(20):
        panel = panel_types.draw_panel(types, [(1, 2), (2, 1)], [0.5, 0.5], seed)
        counts = (sum(p in types.members[0] for p in panel), sum(p in types.members[1]
                                                                 for p in panel))
        assert counts in {(1, 2), (2, 1)}
        assert panel == panel_types.draw_panel(types, [(1, 2), (2, 1)], [0.5, 0.5], seed)


# --- known answers -----------------------------------------------------------------------------

def test_a_lone_person_of_a_rare_value_gets_the_same_chance_as_the_others():
    """3 people "a" and 1 "b", 2 seats, "b" at most 1: p_b = (2 − p_b) / 3, so everyone 1/2."""
    people = [{"id": f"a{n}", "k": "a"} for n in range(3)] + [{"id": "b0", "k": "b"}]
    types = panel_types.group(_request(people, [("k", "a", 1, 2), ("k", "b", 0, 1)], 2))
    for columns, weights, *_ in (maximin(types), leximin(types)):
        assert _sorted_chances(types, columns, weights) == pytest.approx([0.5] * 4, abs=1e-7)


def test_leximin_raises_everyone_the_quota_does_not_hold_down():
    """One seat must go to the single "b"; the other 2 seats go among 4 "a": 1/2 each."""
    people = [{"id": f"a{n}", "k": "a"} for n in range(4)] + [{"id": "b0", "k": "b"}]
    types = panel_types.group(_request(people, [("k", "a", 2, 2), ("k", "b", 1, 1)], 3))
    columns, weights, _, _ = leximin(types)
    assert _sorted_chances(types, columns, weights) == pytest.approx([0.5] * 4 + [1.0])


# --- against every feasible count vector ----------------------------------------------------

# The first 20 seeds whose random quotas some panel meets (6, 7, 9 and 16 have none).
FEASIBLE_SEEDS = (0, 1, 2, 3, 4, 5, 8, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23)


@pytest.mark.parametrize("seed", FEASIBLE_SEEDS)
def test_maximin_and_leximin_match_the_linear_programs_over_every_panel(seed):
    types = panel_types.group(_random_problem(seed))
    assert _all_columns(types), "a panel meets these quotas"
    columns, weights, _ = maximin(types)
    assert sum(weights) == pytest.approx(1.0)
    assert all(panel_types.is_feasible_counts(types, c) for c in columns)
    least = _sorted_chances(types, columns, weights)[0]
    assert least == pytest.approx(_reference(types, levels=False)[0], abs=TOLERANCE)
    columns, weights, _, _ = leximin(types)
    chances = _sorted_chances(types, columns, weights)
    assert chances == pytest.approx(_reference(types, levels=True), abs=TOLERANCE)
    assert chances[0] == pytest.approx(least, abs=TOLERANCE)
    assert sum(chances) == pytest.approx(types.size)


# --- the solver ----------------------------------------------------------------------------------

def _run_module(request: dict, hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    completed = subprocess.run([sys.executable, "-m", "consult.sortition.solver"],
                               input=json.dumps(request), capture_output=True, text=True,
                               env=env, check=True)
    return json.loads(completed.stdout)


@pytest.mark.parametrize("algorithm", ["maximin", "leximin"])
def test_two_processes_draw_the_same_panel(algorithm):
    request = {**_random_problem(3), "algorithm": algorithm, "seed": 12345}
    first, second = _run_module(request, "1"), _run_module(request, "2")
    assert first["selected"] == second["selected"]
    assert first["probabilities"] == second["probabilities"]
    assert first["algorithm"] == algorithm
    assert first["types"] == len(panel_types.group(request).members)
    assert len(first["selected"]) == request["size"]


def test_solve_returns_a_panel_meeting_the_quotas_with_exact_marginals():
    request = _random_problem(5)
    result = solver.solve(request)
    types = panel_types.group(request)
    chosen = set(result["selected"])
    counts = tuple(sum(p in chosen for p in people) for people in types.members)
    assert panel_types.is_feasible_counts(types, counts)
    assert sum(result["probabilities"].values()) == pytest.approx(request["size"])
    assert result["panels"] >= 1


def test_infeasible_quotas_are_still_answered_with_a_relaxation():
    people = [{"id": f"a{n}", "k": "a"} for n in range(3)] + [{"id": "b0", "k": "b"}]
    request = _request(people, [("k", "a", 0, 1), ("k", "b", 0, 1)], 3)
    for algorithm in ("maximin", "leximin"):
        result = solver.solve({**request, "algorithm": algorithm})
        assert set(result) == {"relaxed"}
        low, high = result["relaxed"]["k\ta"]
        assert high >= 2


def test_nash_still_goes_through_the_library():
    result = solver.solve({**_random_problem(5), "algorithm": "nash"})
    assert result["algorithm"] == "nash"
    assert len(result["selected"]) == _random_problem(5)["size"]
    assert sum(result["probabilities"].values()) == pytest.approx(_random_problem(5)["size"])
