"""Themes of multilingual consultations, with and without centring each language's vectors.

Run from the repository root:  python bench/clustering_languages.py  (about 4 minutes on 2
cores); the figures go to bench/RESULTS_multilingual.md. The sets in bench/data (Pol.is and
the European Commission's Have Your Say) are not distributed: bench/data/README.md says how
to build them and under which licences.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
from clustering import SEEDS, read_texts, scores
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score
from sklearn.model_selection import cross_val_predict

from consult.nlp.cache import MemoryCache, embed_with_cache
from consult.nlp.centring import (
    align_languages,
    aligned_languages,
    centre_by_language,
    centre_on_corpus,
)
from consult.nlp.cluster import cluster_embeddings
from consult.nlp.embed import ConcatEmbedder, choose_embedder, get_embedder
from consult.nlp.language import detect_language

SETS = Path(__file__).resolve().parent / "data"
KLIMARAT = "Austrian climate assembly, every comment (German)"
SEPARABILITY = ("Austrian climate assembly, German only", KLIMARAT, "dev-nz-hivemind, English only")


def read_set(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def multilingual(minilm, use) -> None:
    """Themes of multilingual consultations with and without centring (bench/data/README.md):
    ARI against the consultation each idea came from, k not given, stability across seeds,
    ideas in other languages than the main one placed with their consultation, and pairs of
    ideas saying the same thing in two languages that share a theme."""
    if not (SETS / "multilingual-participation.csv").exists():
        print(f"\nMultilingual sets not found in {SETS}: they are not distributed with Consult "
              "(see bench/data/README.md); skipped.")
        return
    rows = read_set(SETS / "multilingual-participation.csv")
    pairs = read_set(SETS / "cross-language-pairs.csv")
    sets = {  # name: (ideas, whether the pairs, from EU feedback too, are added)
        "11 consultations, 14 languages": (rows, True),
        "EU feedback only, 3 consultations, 12 languages": (
            [r for r in rows if r["source"] == "have-your-say"], True),
        "EU feedback, 90 % English, German and Spanish": (
            read_set(SETS / "eu-feedback-mostly-english.csv"), False),
        "Austrian climate assembly, German only": (
            [r for r in rows if r["label"][:3] == "at-"], False),
        "dev-nz-hivemind, English only": (read_texts("dev-nz-hivemind.csv", "text"), False),
    }
    if (SETS / "klimarat-german.csv").exists():
        sets[KLIMARAT] = (read_set(SETS / "klimarat-german.csv"), False)
    mostly = sets["EU feedback, 90 % English, German and Spanish"][0]
    sets["EU feedback, English only"] = ([r for r in mostly if r["language"] == "en"], False)
    german = {r["id"]: r for r in rows + mostly if r["language"] == "de" and r["source"] != "polis"}
    sets["EU feedback, German only"] = (list(german.values()), False)
    print("\n## Multilingual themes: centring (k not given)\n")
    print("| set | model | centring | ARI | NMI | V-measure | themes | unsorted | stability "
          "| other languages with their consultation | pairs in one theme |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    cache = MemoryCache()
    for name, (subset, with_pairs) in sets.items():
        texts = [r["text"] for r in subset] + ([p["text"] for p in pairs] if with_pairs else [])
        truth = [r["label"] for r in subset]
        languages = [detect_language(text) for text in texts]
        for model, centring, vectors in treatments(texts, languages, minilm, use, cache):
            labels = [cluster_embeddings(vectors, seed=seed).labels for seed in SEEDS]
            first = labels[0][: len(truth)]
            stability = np.mean([adjusted_rand_score(a, b) for i, a in enumerate(labels)
                                 for b in labels[i + 1:]])
            share = pair_share(pairs, labels[0][len(truth):]) if with_pairs else "–"
            if chosen(texts[: len(truth)], languages, model, centring):
                centring = f"**{centring}** (pipeline)"
            cells = [name, model, centring, scores(truth, first), len(set(first.tolist()) - {-1}),
                     int((first == -1).sum()), f"{stability:.2f}",
                     placed(truth, languages[: len(truth)], first), share]
            print(f"| {' | '.join(map(str, cells))} |")
    calibration(use, pairs, rows)
    separability({name: sets[name][0] for name in SEPARABILITY if name in sets}, minilm, use,
                 cache)


def placed(truth: list[str], languages: list[str | None], labels: np.ndarray) -> str:
    """Ideas in a language other than the main one that share the theme holding most
    main-language ideas of their consultation (when it has some)."""
    main = Counter(language for language in languages if language).most_common(1)[0][0]
    home = {}
    for label in set(truth):
        themes = [theme for theme, t, language in zip(labels, truth, languages, strict=True)
                  if t == label and language == main and theme != -1]
        home[label] = Counter(themes).most_common(1)[0][0] if themes else None
    others = [theme == home[t] for theme, t, language in zip(labels, truth, languages, strict=True)
              if language and language != main and home[t] is not None]
    return f"{sum(others)}/{len(others)}" if others else "–"


def treatments(texts: list[str], languages: list[str | None], minilm, use, cache
               ) -> list[tuple[str, str, np.ndarray]]:
    """(model, centring, vectors) for each way of embedding and centring ``texts``."""
    single = embed_with_cache(use, texts, cache)
    mixed = ConcatEmbedder([minilm, use]).combine([embed_with_cache(minilm, texts, cache), single])
    parts = [minilm.dim, use.dim]
    return [
        ("use", "none", single),
        ("use", "corpus mean", centre_on_corpus(single)),
        ("use", "language means", centre_by_language(single, languages)),
        ("minilm+use", "none", mixed),
        ("minilm+use", "corpus mean", centre_on_corpus(mixed, parts)),
        ("minilm+use", "language means", centre_by_language(mixed, languages, parts)),
        ("minilm+use", "languages aligned", align_languages(mixed, languages, parts, 1)),
    ]


def chosen(texts: list[str], languages: list[str | None], model: str, centring: str) -> bool:
    """Whether ``build_themes`` would embed and centre ``texts`` this way."""
    if choose_embedder(texts, "auto").name == get_embedder("use").name:
        return (model, centring) == ("use", "none")
    several = len(aligned_languages(languages)) >= 2
    return (model, centring) == ("minilm+use", "languages aligned" if several else "none")


def pair_share(pairs: list[dict[str, str]], labels: np.ndarray) -> str:
    """Share of pairs of ``pairs`` (same idea, other language) whose themes are the same."""
    same = [labels[a] == labels[b] != -1
            for a in range(len(pairs)) for b in range(a + 1, len(pairs))
            if pairs[a]["idea"] == pairs[b]["idea"]
            and pairs[a]["language"] != pairs[b]["language"]]
    return f"{sum(same)}/{len(same)}"


def calibration(use, pairs: list[dict[str, str]], rows: list[dict[str, str]]) -> None:
    """Similarity of the multilingual encoder between ideas in two languages, for the
    thresholds of similar ideas and copies."""
    vectors = use.encode([p["text"] for p in pairs])
    others = [r for r in rows if r["source"] == "polis"]
    other_vectors = use.encode([r["text"] for r in others])
    groups: dict[str, list[float]] = {"same idea": [], "another idea, same consultation": []}
    for a in range(len(pairs)):
        for b in range(a + 1, len(pairs)):
            if pairs[a]["language"] != pairs[b]["language"]:
                key = "same idea" if pairs[a]["idea"] == pairs[b]["idea"] else (
                    "another idea, same consultation")
                groups[key].append(float(vectors[a] @ vectors[b]))
    groups["another consultation"] = [
        float(vectors[a] @ other_vectors[b]) for a in range(len(pairs)) for b in range(len(others))
        if pairs[a]["language"] != others[b]["language"]]
    print("\n## Similarity of ideas in two different languages (use-multilingual-v3)\n")
    print("| pairs | n | median | max | from 0.45 | from 0.5 |")
    print("|---|---|---|---|---|---|")
    for name, values in groups.items():
        values = np.array(values)
        print(f"| {name} | {len(values)} | {np.median(values):.2f} | {values.max():.2f} | "
              f"{np.mean(values >= 0.45):.0%} | {np.mean(values >= 0.5):.0%} |")


def separability(sets: dict[str, list[dict[str, str]]], minilm, use, cache) -> None:
    """How far the labels can be told apart with the same vectors: the themes found (k not
    given, then k given), against a classifier trained on the labels themselves (logistic
    regression, 5-fold cross-validated predictions). When the trained classifier's ARI is
    low, the consultations' topics overlap and no clustering of these vectors can do much
    better."""
    print("\n## How separable the labels are with the same vectors\n")
    print("| set | ideas | labels | model | themes, k not given | themes, k given | "
          "classifier trained on the labels: accuracy | its ARI |")
    print("|---|---|---|---|---|---|---|---|")
    for name, subset in sets.items():
        texts, truth = [r["text"] for r in subset], [r["label"] for r in subset]
        single = embed_with_cache(use, texts, cache)
        mixed = ConcatEmbedder([minilm, use]).combine([embed_with_cache(minilm, texts, cache),
                                                        single])
        for model, vectors in (("use", single), ("minilm+use", mixed)):
            found = cluster_embeddings(vectors, seed=0).labels
            given = cluster_embeddings(vectors, k=len(set(truth)), seed=0).labels
            predicted = cross_val_predict(LogisticRegression(max_iter=2000, C=10), vectors,
                                          truth, cv=5)
            accuracy = np.mean(np.array(predicted) == np.array(truth))
            cells = [name, len(texts), len(set(truth)), model,
                     f"{adjusted_rand_score(truth, found):.2f}",
                     f"{adjusted_rand_score(truth, given):.2f}", f"{accuracy:.0%}",
                     f"{adjusted_rand_score(truth, predicted):.2f}"]
            print(f"| {' | '.join(map(str, cells))} |", flush=True)


if __name__ == "__main__":
    multilingual(get_embedder("minilm"), get_embedder("use"))
