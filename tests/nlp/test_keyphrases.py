"""Key phrases: candidates from the ideas, c-TF-IDF across themes, diverse picks."""

from __future__ import annotations

from consult.nlp.keyphrases import (
    corpus_totals,
    display,
    document,
    key_phrases,
    phrase_table,
    stem,
)
from consult.nlp.language import stop_words

EN = stop_words("en")


def _phrases(groups: list[list[str]], top: int = 5) -> list[list[str]]:
    texts = [text for group in groups for text in group]
    rows, start = [], 0
    for group in groups:
        rows.append(list(range(start, start + len(group))))
        start += len(group)
    table = phrase_table(texts, [EN] * len(texts), skip=set())
    documents = [document(table, group) for group in rows]
    totals, average = corpus_totals(documents)
    return [[display(table, key) for key in key_phrases(doc, totals, average, top)]
            for doc in documents]


def test_phrase_table_candidates_never_start_or_end_with_a_stop_word():
    table = phrase_table(["We need the right to vote, and safer bike lanes in 2024"], [EN], set())
    keys = {" ".join(key) for key in table.counts[0]}
    assert {"safer bike lane", "bike lane", "vote"} <= keys
    assert not any(key.split()[0] in EN or key.split()[-1] in EN for key in keys)
    assert "vote safer" not in keys  # a comma breaks a phrase


def test_phrase_table_counts_plural_and_compound_forms_as_one_phrase():
    texts = ["Health care for all", "Healthcare is a right", "Cheaper bike lanes", "A bike lane"]
    table = phrase_table(texts, [EN] * 4, set())
    assert table.counts[0][("health", "care")] == 1 and table.counts[1][("health", "care")] == 1
    assert table.counts[2][("bike", "lane")] == table.counts[3][("bike", "lane")] == 1


def test_stem_makes_plurals_and_possessives_singular():
    assert [stem(word) for word in ["lanes", "taxes", "cities", "women's", "bus", "crisis"]] == [
        "lane", "tax", "city", "women", "bus", "crisis"]


def test_key_phrases_prefer_two_words_when_about_as_frequent():
    guns = ["We need gun control now", "Gun control laws must be stronger",
            "Stricter gun control saves lives", "Gun control is overdue",
            "Guns kill children", "Ban assault weapons"]
    parks = ["More trees in the park", "The park needs benches", "A dog park please",
             "Light the park paths", "Trees and flowers", "Clean the park toilets"]
    assert _phrases([guns, parks], top=3)[0][0] == "gun control"


def test_key_phrases_keep_the_single_word_when_the_phrase_is_rare():
    water = ["The river is dirty", "Fish die in the river", "Clean river water",
             "Protect the river banks", "The river floods", "Farms pollute the river"]
    buses = ["More buses at night", "Buses are late", "Cheaper buses",
             "Electric buses", "Buses to the hospital", "Free buses for students"]
    assert [phrases[0] for phrases in _phrases([water, buses])] == ["river", "buses"]


def test_key_phrases_favour_words_rare_in_other_themes():
    first = ["The city needs more trees", "City parks need trees", "Trees cool the city"]
    second = ["The city needs buses", "City buses are late", "Buses in the city at night"]
    first_phrases, second_phrases = _phrases([first, second], top=1)
    assert first_phrases == ["trees"] and second_phrases == ["buses"]


def test_key_phrases_do_not_repeat_each_others_words():
    guns = ["We need gun control now", "Gun control laws must be stronger",
            "Stricter gun control laws", "Gun control laws save lives", "Gun violence must end",
            "Gun violence kills children", "Assault weapons ban", "Ban assault weapons now"]
    phrases = _phrases([guns, ["More trees", "Plant trees"]], top=5)[0]
    words = [set(phrase.split()) for phrase in phrases]
    assert len(phrases) >= 3
    assert all(not a <= b for i, a in enumerate(words) for j, b in enumerate(words) if i != j)


def test_display_keeps_acronyms_and_proper_nouns_as_written():
    texts = ["BG needs more parks", "Parks in BG are great", "More parks near Bowling Green",
             "The parks of Bowling Green", "I love the parks in Bowling Green"]
    table = phrase_table(texts, [EN] * len(texts), set())
    assert display(table, ("bg",)) == "BG"
    assert display(table, ("bowling", "green")) == "Bowling Green"
    assert display(table, ("park",)) == "parks"
