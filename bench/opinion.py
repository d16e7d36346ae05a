"""Opinion-group benchmark: Consult's groups against Pol.is's own, on five real conversations.

Run from the repository root:  python bench/opinion.py [--data DIR] [--write]  (seconds).
For each conversation: read participants-votes.csv (and comments.csv for the statements
Pol.is set aside), compute the groups with the defaults, and compare with the `group-id`
Pol.is gave: the number of groups (summary.csv) and the adjusted Rand index over the
participants both grouped. Then the same over seeds 0–9, and the group-informed consensus
computed from Pol.is's own groups against the value Pol.is exported, where it did.
Data: Pol.is open data, CC BY 4.0, The Computational Democracy Project (see ATTRIBUTION).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consult.opinions.consensus import (  # noqa: E402
    group_informed_consensus,
    group_statement_stats,
)
from consult.opinions.groups import opinion_groups  # noqa: E402
from consult.opinions.polis_files import read_comments, read_votes  # noqa: E402

DATA = Path(os.environ.get("CONSULT_DATA", "/work/shared/data")) / "polis-votes"
RESULTS = Path(__file__).resolve().parent / "RESULTS_opinion.md"
SEEDS = range(10)
ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and is "
    "sub-licensed under CC BY 4.0 with Attribution to The Computational Democracy Project.")
INTRO = """# Opinion groups: Consult against Pol.is

`consult/opinions/groups.py` groups participants by their votes the way Pol.is publishes its
method (its `math/src/polismath/math` code): participants with at least 7 votes; unseen votes
imputed with the statement's mean; votes on statements rejected by moderation (or marked meta)
counted as a pass from everyone; PCA to two components; each participant's projection stretched by
sqrt(statements / their votes); k-means into up to 100 base clusters; the base clusters,
weighted by size, grouped by k-means started from the first k base clusters (as Pol.is's
`init-clusters`), with k from 2 to 5 chosen by the silhouette of the base clusters. The same
code and parameters for every conversation: nothing is fitted to a file.

Pol.is's own groups are the reference: `group-id` in each export's participants-votes.csv and
`groups` in its summary.csv. ARI is the adjusted Rand index over the participants both Pol.is
and Consult grouped (1 = the same partition). Pol.is updates its groups after every batch of
votes, each k-means starting from the previous result, so its final groups depend on the
order votes came in; a single run on the final votes can only approximate that history.
"""


def conversations(data: Path) -> list[Path]:
    return sorted(path.parent for path in data.glob("*/participants-votes.csv"))


def polis_group_count(folder: Path) -> int | None:
    with open(folder / "summary.csv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) == 2 and row[0] == "groups":
                return int(row[1])
    return None


def agreement(matrix, result) -> float:
    ours = result.group_of()
    both = [participant for participant in ours if participant in matrix.polis_groups]
    return adjusted_rand_score([matrix.polis_groups[p] for p in both], [ours[p] for p in both])


def measure(folder: Path) -> dict:
    matrix = read_votes(folder / "participants-votes.csv")
    comments = read_comments(folder / "comments.csv")
    set_aside = [comment.comment_id for comment in comments if comment.set_aside]
    started = time.perf_counter()
    result = opinion_groups(matrix, set_aside=set_aside)
    seconds = time.perf_counter() - started
    kept = opinion_groups(matrix)
    seeded = [opinion_groups(matrix, seed=seed, set_aside=set_aside) for seed in SEEDS]
    expected = polis_group_count(folder)
    return {
        "name": folder.name, "participants": len(matrix.participants),
        "statements": len(matrix.statements), "set_aside": len(set_aside),
        "polis_grouped": len(matrix.polis_groups), "grouped": len(result.participants),
        "polis_k": expected, "k": result.k, "sizes": result.sizes,
        "ari": agreement(matrix, result), "ari_kept": agreement(matrix, kept),
        "seconds": seconds,
        "seed_aris": [agreement(matrix, run) for run in seeded],
        "seed_k_right": sum(run.k == expected for run in seeded),
        "consensus_gap": consensus_gap(folder, matrix),
    }


def consensus_gap(folder: Path, matrix) -> tuple[int, float] | None:
    """(statements, largest difference) between the group-informed consensus computed from
    Pol.is's own groups and the one Pol.is exported, when comments.csv has it."""
    with open(folder / "comments.csv", encoding="utf-8", newline="") as handle:
        exported = {row["comment-id"]: float(row["group-informed-consensus"])
                    for row in csv.DictReader(handle)
                    if row.get("group-informed-consensus")}
    if not exported:
        return None
    rows = [i for i, p in enumerate(matrix.participants) if p in matrix.polis_groups]
    labels = np.array([matrix.polis_groups[matrix.participants[i]] for i in rows])
    stats = group_statement_stats(matrix.votes[rows], labels, int(labels.max()) + 1)
    ours = group_informed_consensus(stats)
    gaps = [abs(ours[j] - exported[s]) for j, s in enumerate(matrix.statements) if s in exported]
    return len(gaps), max(gaps)


def main_table(rows: list[dict]) -> str:
    lines = ["| conversation | participants | statements (set aside) | grouped by Pol.is | "
             "grouped by Consult | Pol.is groups | Consult k (sizes) | same k | ARI | time | "
             "ARI, set-aside votes kept |",
             "|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|"]
    for row in rows:
        sizes = " + ".join(str(size) for size in row["sizes"])
        lines.append(
            f"| {row['name']} | {row['participants']:,} | {row['statements']} "
            f"({row['set_aside']}) | {row['polis_grouped']:,} | {row['grouped']:,} | "
            f"{row['polis_k']} | {row['k']} ({sizes}) | "
            f"{'yes' if row['k'] == row['polis_k'] else 'no'} | {row['ari']:.3f} | "
            f"{row['seconds']:.2f} s | {row['ari_kept']:.3f} |")
    right = sum(row["k"] == row["polis_k"] for row in rows)
    lines.append(f"| **all** | | | | | | | {right}/{len(rows)} | "
                 f"**{np.mean([row['ari'] for row in rows]):.3f}** (mean) | | "
                 f"{np.mean([row['ari_kept'] for row in rows]):.3f} (mean) |")
    return "\n".join(lines)


def seeds_table(rows: list[dict]) -> str:
    lines = [f"| conversation | ARI min | ARI mean | ARI max | k right (of {len(SEEDS)}) |",
             "|---|---:|---:|---:|---:|"]
    for row in rows:
        aris = row["seed_aris"]
        lines.append(f"| {row['name']} | {min(aris):.3f} | {np.mean(aris):.3f} | "
                     f"{max(aris):.3f} | {row['seed_k_right']} |")
    means = [np.mean([row["seed_aris"][i] for row in rows]) for i in range(len(SEEDS))]
    lines.append(f"| **mean over conversations** | {min(means):.3f} | {np.mean(means):.3f} | "
                 f"{max(means):.3f} | |")
    return "\n".join(lines)


def consensus_lines(rows: list[dict]) -> str:
    checked = [(row["name"], row["consensus_gap"]) for row in rows if row["consensus_gap"]]
    if not checked:
        return "No export here carries Pol.is's group-informed consensus."
    return "\n".join(
        f"- {name}: {count} statements, largest difference {gap:.1e} between "
        "`group_informed_consensus` over Pol.is's own groups and Pol.is's exported value."
        for name, (count, gap) in checked)


def report(rows: list[dict], command: str) -> str:
    return "\n\n".join([
        INTRO.strip(),
        f"Command: `{command}` — {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores. Time is one run with the "
        "defaults (seed 0), reading excluded.",
        "## Groups with the defaults (seed 0)",
        "The last column is the same run with the votes on set-aside statements (rejected by "
        "moderation or marked meta in comments.csv) left as they are instead of counted as "
        "a pass from everyone: Pol.is's handling of them matters.", main_table(rows),
        f"## The same over seeds {SEEDS.start}–{SEEDS.stop - 1}",
        "The seed only changes the base clusters' k-means start.", seeds_table(rows),
        "## Group-informed consensus", consensus_lines(rows),
        "## Data", f"Pol.is open data (`compdemocracy/openData`). {ATTRIBUTION}",
    ]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA,
                        help="folder with one sub-folder per Pol.is conversation")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args()
    folders = conversations(args.data)
    if not folders:
        parser.error(f"no */participants-votes.csv under {args.data}")
    rows = [measure(folder) for folder in folders]
    text = report(rows, "python bench/opinion.py" + (" --write" if args.write else ""))
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
