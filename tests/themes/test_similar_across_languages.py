"""Similar ideas found across languages: the real multilingual encoder for the lookups, and
the cross-language thresholds of the index on vectors whose similarities are known."""

from __future__ import annotations

import numpy as np

from consult.nlp.duplicates import (
    CROSS_LANGUAGE_DUPLICATE_SIMILARITY,
    SimilarIndex,
    duplicate_groups,
)
from consult.themes import clustering
from consult.themes.similar import (
    CROSS_LANGUAGE_THRESHOLD,
    THRESHOLD,
    similar_ideas,
    similar_to_idea,
)

LIBRARY_ES = ("La biblioteca municipal debería abrir también los domingos para que los "
              "estudiantes tengan un sitio tranquilo donde estudiar")
LIBRARY_EN = "The town library should open on Sundays so students have a quiet place to study"


def embed(db, consultation):
    """What the background job does as ideas arrive."""
    clustering.embed_missing(db.session, consultation.id)
    db.session.commit()


def test_similar_ideas_finds_an_idea_written_in_spanish_for_an_english_text(
        db, use_model, themed_consultation, create_submission):
    spanish = create_submission(themed_consultation, LIBRARY_ES)
    embed(db, themed_consultation)
    assert similar_ideas(db.session, themed_consultation, LIBRARY_EN) == [spanish]


def test_a_facilitator_sees_the_same_idea_in_another_language_among_similar_ideas(
        db, use_model, themed_consultation, create_submission):
    spanish = create_submission(themed_consultation, LIBRARY_ES)
    english = create_submission(themed_consultation, LIBRARY_EN)
    embed(db, themed_consultation)
    found = similar_to_idea(db.session, english)
    assert [idea for idea, _ in found] == [spanish]
    assert found[0][1] >= CROSS_LANGUAGE_THRESHOLD


def vectors_with(similarities: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """A query and one unit vector per similarity, each that similar to the query."""
    query = np.zeros(len(similarities) + 1, dtype=np.float32)
    query[0] = 1.0
    rows = np.zeros((len(similarities), len(query)), dtype=np.float32)
    for row, similarity in enumerate(similarities):
        rows[row, 0] = similarity
        rows[row, row + 1] = np.sqrt(1.0 - similarity**2)
    return query, rows


def test_an_idea_in_another_language_is_held_to_the_cross_language_threshold():
    between = (CROSS_LANGUAGE_THRESHOLD + THRESHOLD) / 2
    query, rows = vectors_with([between, between, between])
    index = SimilarIndex(["spanish", "english", "unknown"], rows, languages=["es", "en", None])
    found = index.similar(query, k=3, threshold=THRESHOLD, language="en",
                          cross_language_threshold=CROSS_LANGUAGE_THRESHOLD)
    assert [idea for idea, _ in found] == ["spanish"]


def test_every_idea_is_held_to_the_same_threshold_when_the_typed_language_is_unknown():
    between = (CROSS_LANGUAGE_THRESHOLD + THRESHOLD) / 2
    query, rows = vectors_with([between, THRESHOLD + 0.1])
    index = SimilarIndex(["spanish", "english"], rows, languages=["es", "en"])
    found = index.similar(query, k=3, threshold=THRESHOLD, language=None,
                          cross_language_threshold=CROSS_LANGUAGE_THRESHOLD)
    assert [idea for idea, _ in found] == ["english"]


def test_a_search_without_threshold_still_returns_the_k_nearest():
    query, rows = vectors_with([0.1, 0.9, 0.5])
    index = SimilarIndex(["a", "b", "c"], rows, languages=["es", "en", "fr"])
    assert [idea for idea, _ in index.similar(query, k=2)] == ["b", "c"]


def test_duplicate_groups_link_a_translation_from_the_cross_language_threshold():
    translation = (CROSS_LANGUAGE_DUPLICATE_SIMILARITY + 0.9) / 2
    query, rows = vectors_with([translation])
    vectors = np.vstack([query, rows])
    assert duplicate_groups(vectors) == []
    assert duplicate_groups(vectors, languages=["en", "es"]) == [[0, 1]]
    assert duplicate_groups(vectors, languages=["en", "en"]) == []
    assert duplicate_groups(vectors, languages=["en", None]) == []
