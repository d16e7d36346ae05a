"""Sub-theme time: splitting every theme of a run at 1,000, 10,000 and 100,000 ideas.

Run from the repository root:  python bench/subthemes.py [--write]  (about two minutes).
Vectors are synthetic (unit vectors around 10 themes of 4 topics each, 896 dimensions: the
size of MiniLM and the multilingual encoder joined), so the figure is the clustering's cost
alone; embedding is timed in bench/clustering.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consult.nlp.subthemes import split_theme  # noqa: E402

THEMES, TOPICS, DIM = 10, 4, 896
RESULTS = Path(__file__).with_name("RESULTS.md")


def corpus(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectors, their theme and their topic (sub-theme) labels."""
    rng = np.random.default_rng(seed)
    themes = rng.normal(0, 1, (THEMES, DIM))
    topics = themes[:, None, :] + rng.normal(0, 0.6, (THEMES, TOPICS, DIM))
    theme = rng.integers(0, THEMES, n)
    topic = rng.integers(0, TOPICS, n)
    vectors = topics[theme, topic] + rng.normal(0, 0.9, (n, DIM))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32), theme, topic


def measure(n: int) -> tuple[float, float, int]:
    vectors, theme, topic = corpus(n)
    started = time.perf_counter()
    scores, found = [], 0
    for index in range(THEMES):
        rows = np.flatnonzero(theme == index).tolist()
        split = split_theme(vectors, rows, seed=0)
        if split is None:
            continue
        found += len(split.keys)
        scores.append(adjusted_rand_score(topic[split.rows], split.labels))
    return time.perf_counter() - started, float(np.mean(scores)), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="append the table to RESULTS.md")
    args = parser.parse_args()
    lines = ["| ideas | sub-themes found (10 themes × 4 topics) | mean ARI against the topics "
             "| time to split every theme |", "|---:|---:|---:|---:|"]
    for n in (1_000, 10_000, 100_000):
        seconds, ari, found = measure(n)
        lines.append(f"| {n:,} | {found} | {ari:.2f} | {seconds:.1f} s |")
        print(lines[-1], flush=True)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n## Sub-themes (`bench/subthemes.py`)\n\n" + __doc__.split("\n\n")[1]
                         + "\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
