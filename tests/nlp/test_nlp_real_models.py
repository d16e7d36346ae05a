"""The real offline models: loaded once per session, never skipped."""

from __future__ import annotations

import numpy as np
import pytest

from consult.nlp.cluster import cluster_embeddings
from consult.nlp.embed import ConcatEmbedder
from consult.nlp.themes import build_themes

pytestmark = pytest.mark.slow_model

ODD_TEXTS = ["", "🙂🎉🙂", "?!... ---", "water " * 3400]  # the last has 20,400 characters

MULTILINGUAL = {
    "housing": [
        "Rents are too high, we need affordable housing",
        "Los alquileres son muy caros, necesitamos vivienda asequible",
        "Les loyers sont trop chers, il faut des logements abordables",
        "Os aluguéis estão caros demais, precisamos de moradia acessível",
    ],
    "transport": [
        "The buses are always late and overcrowded",
        "Los autobuses siempre llegan tarde y van llenos",
        "Les bus sont toujours en retard et bondés",
        "Os ônibus estão sempre atrasados e lotados",
    ],
    "rubbish": [
        "Rubbish is not collected and the streets are dirty",
        "No recogen la basura y las calles están sucias",
        "Les ordures ne sont pas ramassées et les rues sont sales",
        "O lixo não é recolhido e as ruas estão sujas",
    ],
}


@pytest.mark.parametrize("model", ["minilm", "use_model"])
def test_real_model_embeds_odd_texts_as_unit_vectors(model, request):
    embedder = request.getfixturevalue(model)
    vectors = embedder.encode(ODD_TEXTS)
    assert vectors.shape == (len(ODD_TEXTS), embedder.dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)


def test_real_english_model_groups_obvious_themes(minilm, themed_texts):
    texts, truth = themed_texts
    run = build_themes(texts, minilm)
    pairs = {(theme, run.result.key_of(row)) for row, theme in enumerate(truth)}
    assert len(pairs) == 3 == len({key for _, key in pairs})


def test_real_models_group_ideas_across_languages_by_topic(minilm, use_model):
    texts = [text for ideas in MULTILINGUAL.values() for text in ideas]
    truth = [topic for topic, ideas in MULTILINGUAL.items() for _ in ideas]
    for embedder in (use_model, ConcatEmbedder([minilm, use_model])):
        result = cluster_embeddings(embedder.encode(texts), k=3)
        pairs = {(topic, result.key_of(row)) for row, topic in enumerate(truth)}
        assert len(pairs) == 3, embedder.name
