"""The solver side of a draw, run as `python -m consult.sortition.solver` with a fixed
hash seed (see `consult.sortition.selection`): reads a JSON request on stdin, writes the panel,
each person's selection probability, or the relaxed quotas that would be feasible, on stdout."""

from __future__ import annotations

import json
import logging
import os
import sys

from sortition_algorithms import InfeasibleQuotasError, Settings, read_in_features, read_in_people
from sortition_algorithms.committee_generation import (
    find_distribution_maximin,
    find_distribution_nash,
    standardize_distribution,
)
from sortition_algorithms.core import lottery_rounding
from sortition_algorithms.utils import set_random_provider

DISTRIBUTIONS = {"maximin": find_distribution_maximin, "nash": find_distribution_nash}


def solve(request: dict) -> dict:
    categories, size = request["categories"], request["size"]
    rows = [{"feature": q["category"], "value": q["value"], "min": str(q["min"]),
             "max": str(q["max"])} for q in request["quotas"]]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows)
    settings = Settings(id_column="id", columns_to_keep=[])
    people, _ = read_in_people(["id", *categories], request["people"], features, settings)
    set_random_provider(request["seed"])
    find_distribution = DISTRIBUTIONS[request["algorithm"]]
    try:
        committees, probabilities, _ = find_distribution(features, people, size, [], "highspy")
    except InfeasibleQuotasError as error:
        return {"relaxed": {f"{name}\t{value}": [limits.min, limits.max]
                            for name, values in error.features.items()
                            for value, limits in values.items()}}
    committees, probabilities = standardize_distribution(committees, probabilities)
    [panel] = lottery_rounding(committees, probabilities, 1)
    chances = dict.fromkeys(people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for person in committee:
            chances[person] += probability
    return {"selected": sorted(panel), "panels": len(committees),
            # Rounded far below what anyone reads, so that they still add up to the seats.
            "probabilities": {person: round(chance, 12) for person, chance in chances.items()}}


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
