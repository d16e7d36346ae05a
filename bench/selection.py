"""Assembly selection: synthetic pools of volunteers, 4 categories, quotas from census shares.

    python bench/selection.py                              # 2,000/60 and 1,500/40, both algorithms
    python bench/selection.py --algorithm leximin          # one algorithm
    python bench/selection.py --people 300 --seats 30      # one pool, such as the demo's size

For each pool and algorithm, prints the time to a panel (the whole distribution plus the
lottery, in the solver's child process: the selection probabilities come out of the same
computation), the number of types of interchangeable volunteers, the panels (count vectors) in
the distribution and the least and greatest selection probability, then draws again with the
same seed in a new process and says whether the panel is the same.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import asdict

from consult.sortition import selection

CATEGORIES = {  # value -> share of the population, roughly a mid-sized European town
    "age": {"16-29": 0.22, "30-44": 0.25, "45-64": 0.31, "65+": 0.22},
    "gender": {"woman": 0.51, "man": 0.47, "another": 0.02},
    "area": {"north": 0.22, "south": 0.24, "east": 0.2, "west": 0.22, "centre": 0.12},
    "tenure": {"owner": 0.55, "private renter": 0.28, "social renter": 0.17},
}
# Volunteers are not a mirror of the town: older owners volunteer more, which is why quotas exist.
SKEW = {"65+": 1.5, "16-29": 0.6, "owner": 1.3, "social renter": 0.6}
POOLS = ((2000, 60), (1500, 40))  # (volunteers, seats)


def pool(people: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for number in range(people):
        row = {"id": f"V{number:05d}"}
        for category, shares in CATEGORIES.items():
            values = list(shares)
            weights = [shares[v] * SKEW.get(v, 1.0) for v in values]
            row[category] = rng.choices(values, weights)[0]
        rows.append(row)
    return rows


def quotas(seats: int) -> list[selection.Quota]:
    """Census shares, each allowed one seat either side (at least one seat for every value)."""
    result = []
    for category, shares in CATEGORIES.items():
        for value, share in shares.items():
            target = seats * share
            result.append(selection.Quota(category, value, max(0, round(target) - 1),
                                          max(1, round(target) + 1)))
    return result


def run(people: list[dict[str, str]], limits: list[selection.Quota], seats: int, seed: int,
        algorithm: str) -> dict:
    """The solver's answer for the request `selection.draw` would send, after the same checks
    (called directly so that algorithms the app does not offer yet can be measured)."""
    categories = list(CATEGORIES)
    selection.check(people, categories, limits, seats)
    request = {"people": sorted(people, key=lambda p: p["id"]), "categories": categories,
               "size": seats, "seed": seed, "algorithm": algorithm,
               "quotas": [asdict(q) for q in limits]}
    return selection._run_child(request)  # noqa: SLF001 - the app's own way to start the solver


def measure(people_count: int, seats: int, seed: int, algorithm: str) -> None:
    people = pool(people_count, random.Random(seed))
    limits = quotas(seats)
    started = time.perf_counter()
    result = run(people, limits, seats, seed, algorithm)
    elapsed = time.perf_counter() - started
    chances = sorted(result["probabilities"].values())
    print(f"pool {people_count}, {len(CATEGORIES)} categories, {seats} seats, "
          f"{result['algorithm']}: {result['types']} types")
    print(f"  time to a panel (distribution + lottery): {elapsed:.1f} s")
    print(f"  panels in the distribution: {result['panels']}")
    print(f"  selection probability: min {chances[0]:.4f}, max {chances[-1]:.4f}, "
          f"equal share {seats / people_count:.4f}")
    again = run(people, limits, seats, seed, algorithm)
    print(f"  same seed in a new process gives the same panel: "
          f"{again['selected'] == result['selected']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, help="one pool of this size (with --seats)")
    parser.add_argument("--seats", type=int)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--algorithm", choices=("maximin", "leximin", "nash", "both"),
                        default="both", help="both: maximin then leximin")
    args = parser.parse_args()
    pools = [(args.people, args.seats)] if args.people and args.seats else POOLS
    algorithms = ("maximin", "leximin") if args.algorithm == "both" else (args.algorithm,)
    for people_count, seats in pools:
        for algorithm in algorithms:
            measure(people_count, seats, args.seed, algorithm)


if __name__ == "__main__":
    main()
