"""The solver side of a draw, run as `python -m consult.sortition.solver` with a fixed
hash seed (see `consult.sortition.selection`): reads a JSON request on stdin, writes the panel,
each person's selection probability, or the relaxed quotas that would be feasible, on stdout.

MAXIMIN and LEXIMIN work on types of interchangeable people (`consult.sortition.types`): the
distribution is over count vectors, found by column generation on HiGHS, and the lottery draws
a count vector, then the people within each type. NASH goes through `sortition-algorithms`.
The published probabilities are the exact marginals of the distribution the lottery draws from.
"""

from __future__ import annotations

import json
import logging
import os
import sys

from sortition_algorithms import InfeasibleQuotasError, Settings, read_in_features, read_in_people
from sortition_algorithms.committee_generation import (
    find_distribution_nash,
    standardize_distribution,
)
from sortition_algorithms.committee_generation.common import setup_committee_generation
from sortition_algorithms.core import lottery_rounding
from sortition_algorithms.utils import set_random_provider

from consult.sortition import types as panel_types
from consult.sortition.column_generation import NoPanel, best_column, maximin, pricing_model
from consult.sortition.leximin import leximin

ALGORITHMS = ("maximin", "leximin", "nash")


def solve(request: dict) -> dict:
    """The drawn panel ("selected"), the number of panels with a positive chance ("panels"),
    each person's chance ("probabilities"), the algorithm and the number of types; or, when
    no panel meets every quota, the smallest relaxation that would ("relaxed")."""
    algorithm = request["algorithm"]
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}")
    types = panel_types.group(request)
    try:
        best_column(pricing_model(types), [0.0] * len(types.members))
    except NoPanel:
        return _relaxed(request)
    if algorithm == "nash":
        result = _solve_with_library(request)
    else:
        columns, weights = _distribution(types, algorithm)
        used = [(c, w) for c, w in zip(columns, weights, strict=True) if w > 0]
        columns, weights = [c for c, _ in used], [w for _, w in used]
        result = {"selected": panel_types.draw_panel(types, columns, weights, request["seed"]),
                  "panels": len(columns),
                  "probabilities": panel_types.person_probabilities(types, columns, weights)}
    # Rounded far below what anyone reads, so that they still add up to the seats.
    result["probabilities"] = {person: round(chance, 12)
                               for person, chance in result["probabilities"].items()}
    return {**result, "algorithm": algorithm, "types": len(types.members)}


def _distribution(types: panel_types.Types, algorithm: str
                  ) -> tuple[list[tuple[int, ...]], list[float]]:
    if algorithm == "leximin":
        columns, weights, _, _ = leximin(types)
    else:
        columns, weights, _ = maximin(types)
    return columns, weights


def _library_inputs(request: dict) -> tuple:
    rows = [{"feature": q["category"], "value": q["value"], "min": str(q["min"]),
             "max": str(q["max"])} for q in request["quotas"]]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows)
    settings = Settings(id_column="id", columns_to_keep=[])
    people, _ = read_in_people(["id", *request["categories"]], request["people"], features,
                               settings)
    return features, people


def _relaxed(request: dict) -> dict:
    """The library's smallest relaxation of the quotas, which it computes on finding them
    infeasible."""
    features, people = _library_inputs(request)
    try:
        setup_committee_generation(features, people, request["size"], [], "highspy")
    except InfeasibleQuotasError as error:
        return {"relaxed": {f"{name}\t{value}": [limits.min, limits.max]
                            for name, values in error.features.items()
                            for value, limits in values.items()}}
    raise RuntimeError("the quotas are infeasible over types but not for the library")


def _solve_with_library(request: dict) -> dict:
    features, people = _library_inputs(request)
    set_random_provider(request["seed"])
    committees, probabilities, _ = find_distribution_nash(features, people, request["size"],
                                                          [], "highspy")
    committees, probabilities = standardize_distribution(committees, probabilities)
    [panel] = lottery_rounding(committees, probabilities, 1)
    chances = dict.fromkeys(people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for person in committee:
            chances[person] += probability
    return {"selected": sorted(panel), "panels": len(committees), "probabilities": chances}


def main() -> None:
    logging.disable(logging.WARNING)
    request = json.load(sys.stdin)
    # The solver prints a banner from C: keep the real stdout for the result alone.
    result_out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    json.dump(solve(request), result_out)
    result_out.close()


if __name__ == "__main__":
    main()
