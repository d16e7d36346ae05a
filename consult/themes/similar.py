"""Similar ideas to suggest while a resident writes one, so they can support it instead.

Only vectors already cached for existing ideas are used (ideas are embedded in the
background as they arrive, see ``clustering.embed_missing``); the text being typed is
embedded on the fly and never stored.
"""

from __future__ import annotations

import logging

import numpy as np
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.ideas.models import Submission, SubmissionStatus
from consult.nlp import backends
from consult.nlp.backends import UseEmbedder
from consult.nlp.cache import text_hash
from consult.nlp.embed import (
    SETTING,
    ConcatEmbedder,
    Embedder,
    EmbeddingModelError,
    get_embedder,
    prepare_text,
)
from consult.themes.embeddings import DatabaseEmbeddingCache
from consult.themes.models import IdeaCuration

log = logging.getLogger(__name__)

MIN_CHARS = 20
# Cosine similarity from which an idea is worth suggesting. Measured on the fixture ideas
# about cycling, parks and roads (tests/fixtures/themes.py) with both models we route to:
# paraphrases of an existing idea ("More bike lanes please", "There are many potholes on
# my street that need fixing", a Spanish request for bike lanes) score 0.53-0.76 with their
# closest idea; unrelated requests (library hours, council tax, wifi, a music festival,
# night buses) score at most 0.45. Neighbouring topics land at 0.50-0.55 ("Fix the pavement"
# next to potholes): harmless as suggestions, since the resident simply sends their own.
THRESHOLD = 0.5


def similar_ideas(
    session: Session, consultation: Consultation, text: str, limit: int = 3
) -> list[Submission]:
    """Up to ``limit`` published ideas of ``consultation`` close in meaning to ``text``.

    Never raises for a missing model: suggestions are optional, the form is not.
    """
    from consult.nlp.duplicates import SimilarIndex  # scipy: loaded on the first suggestion

    text = text.strip()
    if len(text) < MIN_CHARS or limit <= 0:
        return []
    rows = _published_texts(session, consultation.id)
    if not rows:
        return []
    try:
        embedder = lookup_embedder(current_app.config.get(SETTING))
        if not backends.ready(embedder):  # loading in the background: no suggestions yet
            return []
        ids, vectors = _cached_vectors(session, embedder, rows)
        if not ids:
            return []
        index = SimilarIndex(ids, vectors, embedder)
        found = index.similar(prepare_text(text), k=limit)
    except EmbeddingModelError as error:
        log.warning("no similar ideas: %s", error)
        return []
    chosen = [idea_id for idea_id, score in found if score >= THRESHOLD]
    ideas = {idea.id: idea for idea in session.scalars(
        select(Submission).where(Submission.id.in_(chosen)))}
    return [ideas[idea_id] for idea_id in chosen if idea_id in ideas]


def lookup_embedder(setting: str | None) -> Embedder:
    """The model a lookup embeds the typed text with. Every corpus routed by language
    (`choose_embedder`) has vectors of the multilingual encoder, alone or next to MiniLM's
    (cached apart), so that encoder serves every lookup unless the setting names another
    model. It is numpy only: web processes never load torch for a suggestion. Its own
    similarities were measured against THRESHOLD."""
    embedder = get_embedder(setting)
    parts = embedder.parts if isinstance(embedder, ConcatEmbedder) else [embedder]
    return next((part for part in parts if isinstance(part, UseEmbedder)), embedder)


def _published_texts(session: Session, consultation_id: int) -> list[tuple[int, str]]:
    """(id, text) of the ideas ``clustering.published_ideas`` gives, without loading them."""
    set_aside = select(IdeaCuration.submission_id).where(IdeaCuration.set_aside.is_(True))
    return [(idea_id, text) for idea_id, text in session.execute(
        select(Submission.id, Submission.text)
        .where(Submission.consultation_id == consultation_id,
               Submission.status == SubmissionStatus.PUBLISHED,
               Submission.id.not_in(set_aside))
        .order_by(Submission.id)
    )]


def _cached_vectors(
    session: Session, embedder: Embedder, rows: list[tuple[int, str]]
) -> tuple[list[int], np.ndarray]:
    """Ids and vectors of the ideas whose embedding is cached (every part, for a mix)."""
    cache = DatabaseEmbeddingCache(session)
    hashes = [text_hash(row_text) for _, row_text in rows]
    parts = embedder.parts if isinstance(embedder, ConcatEmbedder) else [embedder]
    found = [cache.get_many(part.name, hashes) for part in parts]
    kept = [i for i, key in enumerate(hashes) if all(key in part for part in found)]
    if not kept:
        return [], np.zeros((0, 0), np.float32)
    blocks = [np.stack([part[hashes[i]] for i in kept]) for part in found]
    vectors = embedder.combine(blocks) if isinstance(embedder, ConcatEmbedder) else blocks[0]
    return [rows[i][0] for i in kept], vectors
