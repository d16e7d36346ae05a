"""Build the multilingual evaluation sets of bench/clustering_languages.py from their public
sources (bench/data/README.md says what each set holds, and under which licences).

Run from the repository root, with a copy of each source on disk:

    python bench/data/build_sets.py --polis PATH/openData --feedback PATH/feedback.csv

``--polis`` is a checkout of compdemocracy/openData (commit 0bc2ce0f); ``--feedback`` is
``data/EU_have_your_say/csv_export/feedback.csv`` of Stocastico96/Deliberation-Knowledge-Graph
(commit 79899709). The sets are written next to this file; the same sources always give the
same sets (every draw is seeded, every list sorted first).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from consult.nlp.language import detect_language  # noqa: E402

SEED = 2026
POLIS_PER_CONVERSATION = 40
POLIS_MIN_LENGTH = 25
FEEDBACK_MIN_LENGTH = 40
# label: (folder in openData, the conversation's language)
CONVERSATIONS = {
    "at-energy": ("austria-climate.2vkxcncppn.2022-07-07", "de"),
    "at-mobility": ("austria-climate.5tzfrp5eaa.2022-07-07", "de"),
    "at-housing": ("austria-climate.7z7ejpbmv5.2022-08-08", "de"),
    "at-food-land": ("austria-climate.9xnndurbfm.2022-07-07", "de"),
    "at-consumption": ("austria-climate.5twd2jsnkf.2022-08-08", "de"),
    "nz-housing": ("scoop-hivemind.affordable-housing", "en"),
    "nz-freshwater": ("scoop-hivemind.freshwater", "en"),
    "tw-uber": ("vtaiwan.uberx", "zh"),
}
INITIATIVES = {  # label: Have Your Say initiative
    "eu-digital-fairness": "14622",
    "eu-ecodesign": "13682",
    "eu-aviation-aid": "13915",
    "eu-emissions-monitoring": "13863",
    "eu-dominance-abuse": "13796",
}
# The Digital Fairness Act: this many texts in each language.
FAIRNESS_LANGUAGES = {"en": 30, "de": 30, "fr": 30, "es": 30, "it": 20}
# The other multilingual consultations: every text not in English, and this many in English.
OTHER_MULTILINGUAL = ("eu-ecodesign", "eu-aviation-aid")
ENGLISH_ALONGSIDE = 30
# The mostly-English set: this many English texts of the Digital Fairness Act, every English
# text of the other consultations, then German and Spanish ones from all five.
MOSTLY_ENGLISH_FAIRNESS = 150
MOSTLY_ENGLISH_OTHERS = {"de": 20, "es": 12}
COLUMNS = ["id", "text", "label", "language", "source"]


def polis_comments(root: Path, label: str) -> list[dict[str, str]]:
    """Accepted comments of one conversation, in its language, without repeats.

    vTaiwan's conversation was never moderated: every comment not rejected counts there.
    """
    folder, language = CONVERSATIONS[label]
    with open(root / folder / "comments.csv", encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["comment-id"]))
    accepted = {"1", "0"} if label == "tw-uber" else {"1"}
    found, seen = [], set()
    for row in rows:
        text = " ".join((row["comment-body"] or "").split())
        if (row["moderated"] in accepted and len(text) >= POLIS_MIN_LENGTH and text not in seen
                and detect_language(text) == language):
            seen.add(text)
            found.append({"id": f"polis:{label}:{row['comment-id']}", "text": text,
                          "label": label, "language": language, "source": "polis"})
    return found


def feedback_texts(path: Path) -> dict[str, list[dict[str, str]]]:
    """Usable feedback per consultation: long enough, in its declared language, without
    repeats, and never naming its author or their organisation."""
    label_of = {initiative: label for label, initiative in INITIATIVES.items()}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["id"]))
    found: dict[str, list[dict[str, str]]] = {label: [] for label in INITIATIVES}
    seen = set()
    for row in rows:
        label = label_of.get(row["initiative_id"])
        text = " ".join((row["feedback"] or "").split())
        language = row["language"].lower()
        if (label is None or len(text) < FEEDBACK_MIN_LENGTH or text in seen
                or _names_someone(text, row) or detect_language(text) != language):
            continue
        seen.add(text)
        found[label].append({"id": f"have-your-say:{row['id']}", "text": text, "label": label,
                             "language": language, "source": "have-your-say"})
    return found


def _names_someone(text: str, row: dict[str, str]) -> bool:
    lowered = text.lower()
    names = (row["firstName"], row["surname"], row["organization"])
    return any(len(name.strip()) > 2 and name.strip().lower() in lowered for name in names)


def draw(rows: Iterable[dict[str, str]], count: int, salt: str) -> list[dict[str, str]]:
    """``count`` of ``rows`` (all when fewer), the same ones for the same rows and salt."""
    rows = list(rows)
    return random.Random(f"{SEED}:{salt}").sample(rows, min(count, len(rows)))


def in_language(rows: list[dict[str, str]], language: str) -> list[dict[str, str]]:
    return [row for row in rows if row["language"] == language]


def not_in_language(rows: list[dict[str, str]], language: str) -> list[dict[str, str]]:
    return [row for row in rows if row["language"] != language]


def multilingual(polis: Path, feedback: dict[str, list[dict[str, str]]]) -> list[dict]:
    rows = [row for label in CONVERSATIONS
            for row in draw(polis_comments(polis, label), POLIS_PER_CONVERSATION, label)]
    fairness = feedback["eu-digital-fairness"]
    for language, count in FAIRNESS_LANGUAGES.items():
        rows += draw(in_language(fairness, language), count, f"fairness:{language}")
    for label in OTHER_MULTILINGUAL:
        rows += not_in_language(feedback[label], "en")
        rows += draw(in_language(feedback[label], "en"), ENGLISH_ALONGSIDE, label)
    return rows


def mostly_english(feedback: dict[str, list[dict[str, str]]]) -> list[dict]:
    rows = draw(in_language(feedback["eu-digital-fairness"], "en"), MOSTLY_ENGLISH_FAIRNESS,
                "mostly:fairness")
    rows += [row for label, texts in feedback.items() if label != "eu-digital-fairness"
             for row in in_language(texts, "en")]
    pool = [row for texts in feedback.values() for row in texts]
    for language, count in MOSTLY_ENGLISH_OTHERS.items():
        rows += draw(in_language(pool, language), count, f"mostly:{language}")
    return rows


def pairs(feedback_rows: dict[str, list[dict[str, str]]], path: Path) -> list[dict]:
    """The ideas of ``cross-language-pairs.ids`` (chosen and grouped by reading them)."""
    by_id = {row["id"]: row for rows in feedback_rows.values() for row in rows}
    with open(path, encoding="utf-8", newline="") as handle:
        chosen = list(csv.DictReader(handle))
    missing = [row["id"] for row in chosen if f"have-your-say:{row['id']}" not in by_id]
    if missing:
        raise SystemExit(f"{path.name}: feedback {missing} not found or not usable")
    return [{**by_id[f"have-your-say:{row['id']}"], "idea": row["idea"]} for row in chosen]


def klimarat(polis: Path) -> list[dict]:
    """Every accepted comment of the five Austrian conversations (German only)."""
    return [row for label in CONVERSATIONS if label.startswith("at-")
            for row in polis_comments(polis, label)]


def write(name: str, rows: list[dict], columns: list[str]) -> None:
    with open(HERE / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    languages = Counter(row["language"] for row in rows)
    labels = Counter(row.get("idea") or row["label"] for row in rows)  # pairs: by idea
    print(f"{name}: {len(rows)} rows, {len(labels)} labels, languages "
          + ", ".join(f"{code} {n}" for code, n in languages.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polis", type=Path, required=True, help="a checkout of openData")
    parser.add_argument("--feedback", type=Path, required=True, help="Have Your Say feedback.csv")
    args = parser.parse_args()
    feedback = feedback_texts(args.feedback)
    write("multilingual-participation.csv", multilingual(args.polis, feedback), COLUMNS)
    write("eu-feedback-mostly-english.csv", mostly_english(feedback), COLUMNS)
    write("cross-language-pairs.csv", pairs(feedback, HERE / "cross-language-pairs.ids"),
          ["id", "text", "idea", "language", "source"])
    write("klimarat-german.csv", klimarat(args.polis), COLUMNS)


if __name__ == "__main__":
    main()
