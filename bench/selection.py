"""Assembly selection: a pool of 2,000 volunteers, 4 categories, 60 seats.

    python bench/selection.py                 # about 10 minutes on 2 cores
    python bench/selection.py --people 300 --seats 30   # the demo's size

Prints the time to a panel (the whole MAXIMIN distribution plus the lottery: the library gives
the selection probabilities as part of the same computation), the number of panels in the
distribution and the least and greatest selection probability, then draws again with the same
seed in a new process and says whether the panel is the same.
"""

from __future__ import annotations

import argparse
import random
import time

from consult.sortition import selection

CATEGORIES = {  # value -> share of the population, roughly a mid-sized European town
    "age": {"16-29": 0.22, "30-44": 0.25, "45-64": 0.31, "65+": 0.22},
    "gender": {"woman": 0.51, "man": 0.47, "another": 0.02},
    "area": {"north": 0.22, "south": 0.24, "east": 0.2, "west": 0.22, "centre": 0.12},
    "tenure": {"owner": 0.55, "private renter": 0.28, "social renter": 0.17},
}
# Volunteers are not a mirror of the town: older owners volunteer more, which is why quotas exist.
SKEW = {"65+": 1.5, "16-29": 0.6, "owner": 1.3, "social renter": 0.6}


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    people = pool(args.people, random.Random(args.seed))
    limits = quotas(args.seats)
    started = time.perf_counter()
    outcome = selection.draw(people, list(CATEGORIES), limits, args.seats, args.seed)
    elapsed = time.perf_counter() - started
    chances = sorted(outcome.probabilities.values())
    print(f"pool {args.people}, {len(CATEGORIES)} categories, {args.seats} seats, "
          f"{outcome.algorithm}")
    print(f"time to a panel (distribution + lottery): {elapsed:.1f} s")
    print(f"panels in the distribution: {outcome.panels}")
    print(f"selection probability: min {chances[0]:.4f}, max {chances[-1]:.4f}, "
          f"equal share {args.seats / args.people:.4f}")
    again = selection.draw(people, list(CATEGORIES), limits, args.seats, args.seed)
    print(f"same seed in a new process gives the same panel: {again.selected == outcome.selected}")


if __name__ == "__main__":
    main()
