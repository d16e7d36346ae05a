"""Centring and aligning languages, on hand-made vectors whose geometry is known."""

from __future__ import annotations

import numpy as np
import pytest

from consult.nlp.centring import (
    align_languages,
    centre_by_language,
    centre_on_corpus,
    language_groups,
)
from consult.nlp.embed import ConcatEmbedder
from consult.nlp.themes import build_themes

DIM = 32


def unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)).astype(np.float32)


def offset_corpus(languages: dict[str, int], topics: int = 3, seed: int = 0):
    """Rows of ``topics`` shared topics in each language, every language shifted by its own
    constant vector (larger than what tells the topics apart); (vectors, languages, topics)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((topics, DIM))
    vectors, codes, truth = [], [], []
    for language, per_topic in languages.items():
        shift = 3.0 * rng.standard_normal(DIM)
        for topic in range(topics):
            rows = centres[topic] + shift + 0.3 * rng.standard_normal((per_topic, DIM))
            vectors.append(rows)
            codes += [language] * per_topic
            truth += [topic] * per_topic
    return unit(np.vstack(vectors)), codes, np.array(truth)


def mean_similarity(vectors, rows, columns) -> float:
    return float((vectors[rows] @ vectors[columns].T).mean())


def test_centre_by_language_puts_the_same_topic_across_languages_nearer_than_the_same_language():
    vectors, languages, truth = offset_corpus({"en": 12, "de": 12})
    codes = np.array(languages)
    same_topic = (np.flatnonzero((codes == "en") & (truth == 0)),
                  np.flatnonzero((codes == "de") & (truth == 0)))
    same_language = (same_topic[0], np.flatnonzero((codes == "en") & (truth == 1)))
    assert mean_similarity(vectors, *same_topic) < mean_similarity(vectors, *same_language)

    centred = centre_by_language(vectors, languages)
    assert mean_similarity(centred, *same_topic) > mean_similarity(centred, *same_language) + 0.5
    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0, atol=1e-5)


def test_centre_by_language_gives_a_language_with_few_rows_the_corpus_mean():
    vectors, languages, _ = offset_corpus({"en": 12, "de": 12, "fr": 1})
    groups = language_groups(languages)
    assert set(groups) == {"en", "de", None}
    few = groups[None]
    assert [languages[row] for row in few] == ["fr"] * 3
    assert np.allclose(centre_by_language(vectors, languages)[few], centre_on_corpus(vectors)[few],
                       atol=1e-6)


def test_unknown_languages_are_centred_on_the_corpus_mean():
    vectors, languages, _ = offset_corpus({"en": 12, "de": 12})
    languages[:2] = [None, None]
    assert None in language_groups(languages)
    assert np.allclose(centre_by_language(vectors, languages)[:2], centre_on_corpus(vectors)[:2],
                       atol=1e-6)


def test_centring_is_deterministic_and_leaves_its_input_alone():
    vectors, languages, _ = offset_corpus({"en": 12, "de": 12})
    before = vectors.copy()
    first = centre_by_language(vectors, languages)
    assert np.array_equal(first, centre_by_language(vectors, languages))
    assert np.array_equal(vectors, before)
    assert first.dtype == np.float32


def test_centring_keeps_each_part_of_a_concatenation_voting_equally():
    english_only, languages, _ = offset_corpus({"en": 12, "de": 12}, seed=1)
    multilingual, _, _ = offset_corpus({"en": 12, "de": 12}, seed=2)
    joined = np.hstack([english_only, multilingual[:, :16]]) / np.sqrt(2)
    centred = centre_by_language(joined, languages, parts=[DIM, 16])
    assert np.allclose(np.linalg.norm(centred[:, :DIM], axis=1), 1 / np.sqrt(2), atol=1e-5)
    assert np.allclose(np.linalg.norm(centred[:, DIM:], axis=1), 1 / np.sqrt(2), atol=1e-5)


def test_centring_refuses_parts_that_do_not_add_up():
    vectors, languages, _ = offset_corpus({"en": 12})
    with pytest.raises(ValueError, match="parts"):
        centre_by_language(vectors, languages, parts=[DIM, 1])
    with pytest.raises(ValueError, match="one language"):
        centre_by_language(vectors, languages[:-1])


def language_confined_corpus():
    """An English-only part where German is shifted, next to a multilingual part where it is
    not; English speaks of topics 0, 1, 2, German of 0, 1 and of topic 3, which no English
    idea mentions. (vectors, languages, topics)."""
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((4, DIM))
    shift = 1.5 * rng.standard_normal(DIM)
    plan = [("en", 0), ("en", 1), ("en", 2), ("de", 0), ("de", 1), ("de", 3)]
    english_only, multilingual, languages, truth = [], [], [], []
    for language, topic in plan:
        english_only.append(centres[topic] + (shift if language == "de" else 0)
                            + 0.3 * rng.standard_normal((12, DIM)))
        multilingual.append(centres[topic] + 0.3 * rng.standard_normal((12, DIM)))
        languages += [language] * 12
        truth += [topic] * 12
    joined = np.hstack([unit(np.vstack(english_only)), unit(np.vstack(multilingual))])
    return (joined / np.sqrt(2)).astype(np.float32), languages, np.array(truth)


def test_align_languages_moves_a_language_onto_the_main_one_and_keeps_its_own_topic():
    vectors, languages, truth = language_confined_corpus()
    codes = np.array(languages)
    german_topic = np.flatnonzero((codes == "de") & (truth == 0))
    english_topic = np.flatnonzero((codes == "en") & (truth == 0))
    german_other = np.flatnonzero((codes == "de") & (truth == 1))
    own_topic = np.flatnonzero(truth == 3)
    english_part = slice(0, DIM)
    part = vectors[:, english_part]
    assert mean_similarity(part, german_topic, english_topic) < mean_similarity(
        part, german_topic, german_other)

    aligned = align_languages(vectors, languages, [DIM, DIM], reference=1)
    part = aligned[:, english_part]
    assert mean_similarity(part, german_topic, english_topic) > mean_similarity(
        part, german_topic, german_other) + 0.1
    # The topic only German speaks of stays a group of its own, apart from English topics.
    english_topics = [np.flatnonzero((codes == "en") & (truth == topic)) for topic in range(3)]
    assert all(mean_similarity(part, own_topic, own_topic)
               > mean_similarity(part, own_topic, rows) + 0.2 for rows in english_topics)
    # The multilingual part is left as it was, and rows stay of unit length.
    assert np.allclose(aligned[:, DIM:], vectors[:, DIM:], atol=1e-6)
    assert np.allclose(np.linalg.norm(aligned, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(aligned, align_languages(vectors, languages, [DIM, DIM], reference=1))


def test_align_languages_changes_nothing_with_a_single_language():
    vectors, languages, _ = language_confined_corpus()
    english = [language if language == "en" else None for language in languages]
    assert np.array_equal(align_languages(vectors, english, [DIM, DIM], reference=1), vectors)


def test_build_themes_aligns_languages_when_an_english_only_part_joins_the_multilingual_one(
    fake_embedder, use_model
):
    texts = [f"{word} number {n}" for word in ("river", "Fluss") for n in range(12)]
    languages = ["en"] * 12 + ["de"] * 12
    mixed = ConcatEmbedder([fake_embedder, use_model])
    run = build_themes(texts, mixed, k=2, languages=languages)
    assert run.aligned
    assert run.vectors.shape == (24, fake_embedder.dim + use_model.dim)
    assert np.allclose(np.linalg.norm(run.vectors, axis=1), 1.0, atol=1e-5)
    assert not build_themes(texts, mixed, k=2, languages=["en"] * 24).aligned


def test_build_themes_never_aligns_without_a_multilingual_part(fake_embedder, themed_texts):
    texts, _ = themed_texts
    languages = ["en", "de"] * (len(texts) // 2)
    run = build_themes(texts, ConcatEmbedder([fake_embedder, fake_embedder]), None, None, 3, 0,
                       languages=languages)
    assert not run.aligned
