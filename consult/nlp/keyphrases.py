"""Key phrases of a theme: phrases of 1–3 words taken from its ideas.

A candidate is a run of adjacent words (no punctuation or number between them) that
neither starts nor ends with a stop word. Plural and singular forms count as one phrase
("bike lane", "bike lanes"), and so do compounds written as one word or two
("healthcare", "health care"). Each phrase is scored with c-TF-IDF across the themes
(high when frequent in this theme and rare in the others); a longer phrase that is how
its parts are mostly used takes their score ("gun control" rather than "gun"); then
phrases are picked by maximal marginal relevance, so that the top phrases do not repeat
each other's words. A phrase is shown as the ideas write it ("BG", "Warren County").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

# Words (letters, with inner apostrophes or hyphens) or any other single character, which
# breaks a phrase: punctuation, digits, symbols.
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\S", re.UNICODE)
SENTENCE_END = frozenset(".!?…。！？؟")
# Elided articles and pronouns that start a word ("l'eau", "dell'acqua", "qu'il").
ELISION_RE = re.compile(
    r"^(?:l|d|j|n|s|c|m|t|qu|dell|dall|nell|sull|all)'(?=[^\W\d_]{2})", re.IGNORECASE)
MAX_WORDS = 3
MAX_WORD_LENGTH = 30  # longer "words" are unspaced scripts or URLs: never a phrase
MIN_WORD_LENGTH = 2
# Occurrences of a phrase counted per idea: repeating a word does not make a theme of it.
MAX_PER_IDEA = 2
# A longer phrase replaces its parts when found in this share of the ideas holding one
# part, and in a fair share of those holding the other.
MOSTLY = 0.6
FAIR_SHARE = 1 / 3
MIN_REPLACING = 4
MMR_LAMBDA = 0.7
POOL = 40
ROOT_SUFFIXES = ("ings", "ing", "ers", "er", "ed", "ions", "ion", "al", "e")
MIN_ROOT = 3
MIN_PHRASES = 3

Key = tuple[str, ...]


@dataclass
class PhraseTable:
    """The phrases of every idea of a corpus, and how each phrase and word is written."""

    counts: list[Counter[Key]]
    forms: dict[Key, Counter[str]] = field(default_factory=dict)
    casing: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    """The phrases of a group of ideas: capped occurrences, and ideas holding each."""

    occurrences: Counter[Key]
    ideas: Counter[Key]


def stem(word: str) -> str:
    """A crude plural-to-singular key, so "lanes" and "lane" count together (and
    "women's" with "women")."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) < 4 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith(("xes", "ches", "shes", "sses", "zes")):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def phrase_table(texts: list[str], stops: list[frozenset[str]], skip: set[int]) -> PhraseTable:
    """Candidate phrases of each text with its own stop words; rows in ``skip`` have none."""
    table = PhraseTable(counts=[])
    word_forms: dict[str, Counter[str]] = {}
    for row, text in enumerate(texts):
        counts: Counter[Key] = Counter()
        if row not in skip:
            for run in _runs(text, word_forms):
                _add_phrases(run, stops[row], counts, table.forms)
        table.counts.append(counts)
    _join_compounds(table)
    table.counts = [Counter({key: min(n, MAX_PER_IDEA) for key, n in counts.items()})
                    for counts in table.counts]
    table.casing = {word: _written(forms) for word, forms in word_forms.items()}
    return table


def _join_compounds(table: PhraseTable) -> None:
    """Count a word written as one or as two ("healthcare", "health care", "pro-choice",
    "pro choice") as one phrase."""
    pairs = {"".join(key).replace("-", ""): key for key in table.forms if len(key) == 2}
    joined = {(word,): pairs[word.replace("-", "")] for (word, *rest) in table.forms
              if not rest and word.replace("-", "") in pairs}
    if not joined:
        return
    for single, pair in joined.items():
        table.forms[pair].update(table.forms.pop(single))
    for counts in table.counts:
        for single in joined.keys() & counts.keys():
            counts[joined[single]] += counts.pop(single)


def _runs(text: str, word_forms: dict[str, Counter[str]]) -> list[list[str]]:
    """Runs of adjacent words of ``text``, each word as written unless its capital says
    nothing: at the start of a sentence (but for an acronym) or in a text in capitals.
    Records how each word is written where that counts."""
    runs: list[list[str]] = [[]]
    initial = True
    shouted = text.isupper()
    for match in TOKEN_RE.finditer(text.replace("’", "'")):
        token = match.group()
        if len(token) == 1 and not token.isalpha():
            initial = initial or token in SENTENCE_END
            runs.append([])
            continue
        token = ELISION_RE.sub("", token)
        if len(token) > MAX_WORD_LENGTH:
            runs.append([])
        else:
            meaningful = not shouted and (not initial or (token.isupper() and len(token) > 1))
            if meaningful:
                word_forms.setdefault(token.lower(), Counter())[token] += 1
            runs[-1].append(token if meaningful else token.lower())
        initial = False
    return [run for run in runs if run]


def _add_phrases(run: list[str], stop: frozenset[str], counts: Counter[Key],
                 forms: dict[Key, Counter[str]]) -> None:
    lower = [token.lower() for token in run]
    usable = [len(word) >= MIN_WORD_LENGTH and word not in stop for word in lower]
    for start in range(len(run)):
        if not usable[start]:
            continue
        for end in range(start, min(start + MAX_WORDS, len(run))):
            if not usable[end]:
                continue
            key = tuple(stem(word) for word in lower[start:end + 1])
            counts[key] += 1
            forms.setdefault(key, Counter())[" ".join(run[start:end + 1])] += 1


def _written(forms: Counter[str]) -> str:
    # The most frequent spelling; lower case on a tie.
    return max(forms.items(), key=lambda item: (item[1], item[0].islower(), item[0]))[0]


def document(table: PhraseTable, rows: list[int]) -> Document:
    """The phrases of the ideas ``rows`` taken together."""
    occurrences: Counter[Key] = Counter()
    ideas: Counter[Key] = Counter()
    for row in rows:
        occurrences.update(table.counts[row])
        ideas.update(table.counts[row].keys())
    return Document(occurrences, ideas)


def corpus_totals(documents: list[Document]) -> tuple[Counter[Key], float]:
    """Each phrase's occurrences over all ``documents``, and the mean per document."""
    totals: Counter[Key] = Counter()
    for doc in documents:
        totals.update(doc.occurrences)
    return totals, sum(totals.values()) / max(1, len(documents))


def scores(doc: Document, totals: Counter[Key], average: float) -> dict[Key, float]:
    """c-TF-IDF: tf(p, theme) / size(theme) * log(1 + A / f(p)), A the mean theme size."""
    size = max(1, sum(doc.occurrences.values()))
    return {key: n / size * math.log(1 + average / max(1, totals[key]))
            for key, n in doc.occurrences.items()}


def key_phrases(doc: Document, totals: Counter[Key], average: float, top: int) -> list[Key]:
    """Up to ``top`` phrases of ``doc``, the best first, none repeating another's words.

    Phrases found in two ideas or more come first; phrases of a single idea only fill
    the list up to MIN_PHRASES.
    """
    score = scores(doc, totals, average)
    _prefer_longer(score, doc.ideas)
    ranked = sorted(score, key=lambda key: (-score[key], -len(key), key))
    shared = [key for key in ranked if doc.ideas[key] >= 2][:POOL]
    chosen = _diverse(shared, score, top, [])
    if len(chosen) < min(MIN_PHRASES, top):
        single = [key for key in ranked if doc.ideas[key] < 2][:POOL]
        chosen = _diverse(single, score, min(MIN_PHRASES, top), chosen)
    return chosen


def _prefer_longer(score: dict[Key, float], ideas: Counter[Key]) -> None:
    """A phrase takes the score of its parts when it is how one of them is mostly used and
    a fair share of how the other is ("gun control": most ideas that say "control" say
    "gun control", and a third of those that say "gun"). A phrase of fewer than
    MIN_REPLACING ideas never does: that may be one or two people's wording."""
    longer = sorted((key for key in score if len(key) > 1 and ideas[key] >= MIN_REPLACING),
                    key=lambda key: (len(key), -ideas[key], key))
    for key in longer:
        parts = [part for part in (key[:-1], key[1:]) if part in score]
        parts = parts or [part for part in (key[:1], key[-1:]) if part in score]
        shares = [ideas[key] / ideas[part] for part in parts]
        if shares and max(shares) >= MOSTLY and min(shares) >= FAIR_SHARE:
            score[key] = max(score[key], *(score[part] for part in parts))


def _diverse(pool: list[Key], score: dict[Key, float], top: int, chosen: list[Key]) -> list[Key]:
    """``chosen`` followed by phrases of ``pool`` picked by maximal marginal relevance:
    relevance minus the word overlap with the phrases already chosen."""
    chosen = list(chosen)
    if not pool:
        return chosen
    best = max(score[key] for key in pool) or 1.0
    remaining = list(pool)
    while remaining and len(chosen) < top:
        def gain(key: Key) -> float:
            overlap = max((_overlap(key, other) for other in chosen), default=0.0)
            return MMR_LAMBDA * score[key] / best - (1 - MMR_LAMBDA) * overlap
        candidates = [key for key in remaining if all(_overlap(key, o) < 1 for o in chosen)]
        if not candidates:
            break
        pick = max(candidates, key=gain)  # the first of equals: the pool's order is fixed
        chosen.append(pick)
        remaining.remove(pick)
    return chosen


def _overlap(first: Key, second: Key) -> float:
    """Shared words over the words of the shorter phrase: 1 when one holds the other.
    Words of one root count as shared ("vote", "voting", "voters")."""
    a, b = set(map(_root, first)), set(map(_root, second))
    return len(a & b) / min(len(a), len(b))


def _root(word: str) -> str:
    for suffix in ROOT_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_ROOT:
            return word[: -len(suffix)]
    return word


def display(table: PhraseTable, key: Key) -> str:
    """How ``key`` is written in the ideas: its most frequent form, with each word's own
    casing ("BG", "Trump", "bike lanes")."""
    form = _written(table.forms[key]) if key in table.forms else " ".join(key)
    return " ".join(table.casing.get(word, word) if word.islower() else word
                    for word in form.split(" "))
