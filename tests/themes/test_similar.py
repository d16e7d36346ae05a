"""Similar ideas suggested while a resident writes one, with the real multilingual encoder."""

from __future__ import annotations

import logging

import pytest

from consult.models import SubmissionStatus
from consult.nlp.backends import UseEmbedder
from consult.nlp.embed import ConcatEmbedder, choose_embedder
from consult.themes import clustering
from consult.themes.similar import lookup_embedder, similar_ideas
from tests.fixtures.themes import THEMES

CYCLING_TEXT = "We need safer bike lanes so people can cycle to work"


def embed(db, consultation):
    """What the background job does as ideas arrive."""
    clustering.embed_missing(db.session, consultation.id)
    db.session.commit()


@pytest.fixture
def embedded(db, use_model, themed_consultation):
    embed(db, themed_consultation)
    return themed_consultation


def test_similar_ideas_suggests_cycling_ideas_for_a_cycling_text(db, embedded):
    ideas = similar_ideas(db.session, embedded, CYCLING_TEXT)
    assert 1 <= len(ideas) <= 3
    assert all(idea.text in THEMES["cycling"] for idea in ideas)
    assert all(idea.consultation_id == embedded.id for idea in ideas)


def test_similar_ideas_respects_the_limit(db, embedded):
    assert len(similar_ideas(db.session, embedded, CYCLING_TEXT, limit=1)) == 1


def test_similar_ideas_suggests_across_languages(db, embedded):
    ideas = similar_ideas(db.session, embedded, "Necesitamos más carriles bici protegidos")
    assert ideas and all(idea.text in THEMES["cycling"] for idea in ideas)


@pytest.mark.parametrize("text", ["", "bike lanes", "   more bike lanes    "])
def test_similar_ideas_empty_when_text_is_short(db, embedded, text):
    assert similar_ideas(db.session, embedded, text) == []


def test_similar_ideas_empty_when_nothing_is_close(db, embedded):
    assert similar_ideas(db.session, embedded, "Lower the council tax for pensioners") == []


@pytest.mark.parametrize("status", [SubmissionStatus.HIDDEN, SubmissionStatus.PENDING])
def test_similar_ideas_never_suggests_unpublished_ideas(db, use_model, themed_consultation,
                                                      create_submission, status):
    text = "Safer bike lanes so that people can cycle to work every day"
    unpublished = create_submission(themed_consultation, text)
    embed(db, themed_consultation)  # cached while it was public
    unpublished.status = status
    db.session.commit()
    ideas = similar_ideas(db.session, themed_consultation, text)
    assert ideas and unpublished not in ideas


def test_similar_ideas_never_suggests_ideas_of_another_consultation(
    db, use_model, themed_consultation, create_consultation, create_submission
):
    other = create_consultation()
    text = "Safer bike lanes so that people can cycle to work every day"
    elsewhere = create_submission(other, text)
    embed(db, themed_consultation)
    embed(db, other)
    ideas = similar_ideas(db.session, themed_consultation, text)
    assert ideas and elsewhere not in ideas
    assert all(idea.consultation_id == themed_consultation.id for idea in ideas)
    assert similar_ideas(db.session, other, text) == [elsewhere]


def test_similar_ideas_skips_ideas_without_a_cached_vector(db, embedded, create_submission):
    text = "Safer bike lanes so that people can cycle to work every day"
    fresh = create_submission(embedded, text)  # the background job has not embedded it yet
    ideas = similar_ideas(db.session, embedded, text)
    assert ideas and fresh not in ideas


def test_similar_ideas_empty_with_a_warning_when_no_model_loads(
    db, app, themed_consultation, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "CONSULT_EMBEDDING_MODEL", "/no/such/model")
    with caplog.at_level(logging.WARNING, logger="consult.themes.similar"):
        assert similar_ideas(db.session, themed_consultation, CYCLING_TEXT) == []
    assert "no similar ideas" in caplog.text
    assert CYCLING_TEXT not in caplog.text  # never the resident's text in the logs


@pytest.mark.slow_model
def test_an_english_corpus_is_looked_up_with_the_multilingual_encoder_alone(db, app,
                                                                           themed_consultation):
    """English corpora are embedded with MiniLM and the multilingual encoder; a lookup needs
    only the latter, so a web process never loads torch to suggest ideas."""
    embed(db, themed_consultation)  # the background job, with both models
    texts = [text for texts in THEMES.values() for text in texts]
    chosen = choose_embedder(texts, app.config.get("CONSULT_EMBEDDING_MODEL"))
    assert isinstance(chosen, ConcatEmbedder)  # how the ideas were embedded
    assert isinstance(lookup_embedder(app.config.get("CONSULT_EMBEDDING_MODEL")), UseEmbedder)
    ideas = similar_ideas(db.session, themed_consultation, CYCLING_TEXT)
    assert ideas and all(idea.text in THEMES["cycling"] for idea in ideas)


def test_a_lookup_reuses_the_index_until_the_ideas_or_their_vectors_change(
        db, embedded, create_submission):
    from tests.fixtures.queries import statements

    similar_ideas(db.session, embedded, CYCLING_TEXT)
    with statements() as again:
        similar_ideas(db.session, embedded, CYCLING_TEXT)
    assert not any("embedding.vector" in statement for statement in again)

    newcomer = create_submission(embedded, "Protected bike lanes so people can cycle to work")
    assert newcomer not in similar_ideas(db.session, embedded, CYCLING_TEXT)  # no vector yet
    embed(db, embedded)
    assert newcomer in similar_ideas(db.session, embedded, CYCLING_TEXT)

    with statements() as after_growing:
        similar_ideas(db.session, embedded, CYCLING_TEXT)
    assert len(after_growing) == len(again)
