"""Theme name benchmark: do the names say what the themes are about?

Run from the repository root:  python bench/labels.py [--model use] [--write]  (about a
minute on 2 cores, most of it embedding).

1. dev-nz-hivemind.csv: five New Zealand conversations mixed, the `label` column naming
   each one. The ideas are grouped by that label (the true themes, no embedding) and each
   group is named by `consult.nlp.labels.label_themes`; the figure is the share of groups
   whose name holds the conversation's topic word (the mapping is printed). Representative
   ideas are the nearest to the TF-IDF centroid of their group. The same again on small
   themes: 15 ideas drawn from each conversation, 10 times.
2. March On and Bowling Green: the whole pipeline (`consult.nlp.themes.build_themes`, with
   the number of themes chosen by the clustering) and the names it gives, with the time of
   the naming alone (the language model already loaded) and the ideas `junk_rows` sets
   aside.

Data: Pol.is open data, CC BY 4.0, The Computational Democracy Project (see ATTRIBUTION).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from consult.nlp.embed import get_embedder  # noqa: E402
from consult.nlp.junk import is_junk, junk_rows  # noqa: E402
from consult.nlp.labels import label_themes  # noqa: E402
from consult.nlp.language import detect_language  # noqa: E402
from consult.nlp.themes import build_themes  # noqa: E402

DATA = Path(os.environ.get("CONSULT_DATA", "/work/shared/data")) / "polis"
RESULTS = Path(__file__).resolve().parent / "RESULTS_labels.md"
ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and is "
    "sub-licensed under CC BY 4.0 with Attribution to The Computational Democracy Project.")
# The words that say a conversation's topic: the strict ones are the topic itself; the
# broader ones a facilitator would accept as naming the same topic.
TOPIC_WORDS = {
    "affordable-housing": (["housing", "affordable housing"], ["house", "houses", "home", "homes"]),
    "biodiversity": (["biodiversity"], ["species", "nature", "conservation"]),
    "freshwater": (["freshwater", "fresh water"], ["water", "rivers", "waterways"]),
    "taxes": (["tax", "taxes", "taxation"], ["GST", "capital gains"]),
    "ubi": (["UBI", "basic income", "universal basic income"], ["income"]),
}
SAMPLE_DRAWS = 10
SAMPLE_SIZE = 15
CORPORA = [("March On", "march-on-comments.csv"), ("Bowling Green", "bowling-green-comments.csv")]


def read(name: str, column: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row.get(column, "").strip()]


def holds(name: str, words: list[str]) -> bool:
    """The name holds one of ``words`` as whole words."""
    return any(re.search(rf"\b{re.escape(word.lower())}\b", name.lower()) for word in words)


def dev_nz() -> tuple[list[dict], float]:
    """Name each true group of dev-nz-hivemind.csv; one row per group."""
    rows = [row for row in read("dev-nz-hivemind.csv", "text") if row["label"] in TOPIC_WORDS]
    topics = sorted(TOPIC_WORDS)
    texts = [row["text"] for row in rows]
    labels = np.array([topics.index(row["label"]) for row in rows])
    vectors = TfidfVectorizer(sublinear_tf=True).fit_transform(texts).toarray().astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    centroids = np.stack([vectors[labels == index].mean(axis=0) for index in range(len(topics))])
    detect_language("Loading the language model once")  # timed below: the naming alone
    is_junk("Reading the letter pairs once")
    started = time.perf_counter()
    names = label_themes(texts, vectors, labels, centroids)
    seconds = time.perf_counter() - started
    result = []
    for index, (topic, name) in enumerate(zip(topics, names, strict=True)):
        strict, broad = TOPIC_WORDS[topic]
        result.append({"topic": topic, "ideas": int((labels == index).sum()), "name": name.label,
                       "keywords": name.keywords, "description": name.description,
                       "strict": holds(name.label, strict),
                       "broad": holds(name.label, strict + broad),
                       "in_keywords": any(holds(keyword, strict) for keyword in name.keywords)})
    return result, seconds


def dev_nz_samples(draws: int = SAMPLE_DRAWS, size: int = SAMPLE_SIZE) -> dict[str, float]:
    """Share of names holding the topic word when each conversation is only ``size`` ideas
    drawn at random (seeded), over ``draws`` draws: small themes are the hard case."""
    rows = [row for row in read("dev-nz-hivemind.csv", "text") if row["label"] in TOPIC_WORDS]
    topics = sorted(TOPIC_WORDS)
    rng = np.random.default_rng(0)
    hits = {topic: 0 for topic in topics}
    for _ in range(draws):
        texts, labels = [], []
        for index, topic in enumerate(topics):
            pool = [row["text"] for row in rows if row["label"] == topic]
            texts += [pool[i] for i in sorted(rng.choice(len(pool), size, replace=False))]
            labels += [index] * size
        labels_array = np.array(labels)
        vectors = np.eye(len(topics), dtype=np.float32)[labels_array]
        names = label_themes(texts, vectors, labels_array, np.eye(len(topics), dtype=np.float32))
        for topic, name in zip(topics, names, strict=True):
            hits[topic] += holds(name.label, TOPIC_WORDS[topic][0])
    return {topic: count / draws for topic, count in hits.items()}


def pipeline(name: str, model: str) -> dict:
    """Themes of a whole corpus by build_themes, and the time of naming them again."""
    texts = [row["comment-body"] for row in read(name, "comment-body")]
    started = time.perf_counter()
    run = build_themes(texts, get_embedder(model), k=None)
    total = time.perf_counter() - started
    started = time.perf_counter()
    label_themes(texts, run.vectors, run.result.labels, run.result.centroids)
    naming = time.perf_counter() - started
    names = label_themes(texts, run.vectors, run.result.labels, run.result.centroids)
    by_key = dict(zip(run.result.keys, names, strict=True))
    themes = [(theme, by_key[theme.key]) for theme in run.themes]
    junk = sorted(junk_rows(texts))
    return {"ideas": len(texts), "model": run.model_name, "themes": themes, "seconds": total,
            "naming": naming, "junk": [texts[row] for row in junk]}


def report(nz: list[dict], nz_seconds: float, samples: dict[str, float],
           corpora: dict[str, dict], command: str) -> str:
    today = datetime.now(UTC).date().isoformat()
    lines = ["# Theme names", "", __doc__.split("\n\n", 1)[1].rsplit("\n\nData:", 1)[0], "",
             f"Command: `{command}` — {today}, Python {platform.python_version()}, "
             f"{os.cpu_count()} cores.", "", "## dev-nz-hivemind: the true groups named", "",
             "Topic words (strict; broader):", ""]
    lines += [f"- {topic}: {', '.join(strict)}; {', '.join(broad)}"
              for topic, (strict, broad) in TOPIC_WORDS.items()]
    lines += ["", "| conversation | ideas | name | topic word in name (strict / broad) | "
              "in keywords | keywords |", "|---|---:|---|---|---|---|"]
    for row in nz:
        lines.append(f"| {row['topic']} | {row['ideas']} | {row['name']} | "
                     f"{_yes(row['strict'])} / {_yes(row['broad'])} | {_yes(row['in_keywords'])} | "
                     f"{', '.join(row['keywords'])} |")
    share = {key: sum(row[key] for row in nz) / len(nz)
             for key in ("strict", "broad", "in_keywords")}
    lines += ["", "Share of groups whose name holds the topic word: "
              f"**{share['strict']:.0%}** strict, "
              f"**{share['broad']:.0%}** broad; topic word among the keywords: "
              f"{share['in_keywords']:.0%}. Naming {sum(r['ideas'] for r in nz)} ideas: "
              f"{nz_seconds:.2f} s.", "",
              f"Small themes: {SAMPLE_SIZE} ideas drawn at random from each conversation, "
              f"{SAMPLE_DRAWS} draws (seeded), share of names holding the strict topic word: "
              f"**{sum(samples.values()) / len(samples):.0%}** ("
              + ", ".join(f"{topic} {share:.0%}" for topic, share in samples.items()) + ").", ""]
    for title, found in corpora.items():
        lines += _corpus_section(title, found)
    lines += [ATTRIBUTION, ""]
    return "\n".join(lines)


def _corpus_section(title: str, found: dict) -> list[str]:
    lines = [f"## {title}: {found['ideas']} ideas, {len(found['themes'])} themes", "",
             f"Model {found['model']}; pipeline {found['seconds']:.1f} s, naming alone "
             f"{found['naming']:.2f} s. Junk set aside: {len(found['junk'])} "
             f"({', '.join(repr(text) for text in found['junk']) or 'none'}).", "",
             "| ideas | name | keywords | description |", "|---:|---|---|---|"]
    for theme, name in found["themes"]:
        names = ", ".join(f"{code}: {text}" for code, text in name.names.items()
                          if text != name.label)
        label = name.label + (f" ({names})" if names else "")
        description = name.description.replace("|", "\\|")
        lines.append(f"| {theme.size} | {label} | {', '.join(name.keywords)} | {description} |")
    return [*lines, ""]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="use", help="embedding model (default: use)")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args()
    nz, nz_seconds = dev_nz()
    corpora = {title: pipeline(name, args.model) for title, name in CORPORA}
    command = "python bench/labels.py" + (f" --model {args.model}" if args.model != "use" else "")
    command += " --write" if args.write else ""
    text = report(nz, nz_seconds, dev_nz_samples(), corpora, command)
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
