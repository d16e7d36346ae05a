"""Similar ideas to suggest while a resident writes one, so they can support it instead.

Only vectors already cached for existing ideas are used (ideas are embedded in the
background as they arrive, see ``clustering.embed_missing``); the text being typed is
embedded on the fly and never stored. Lookups use the multilingual encoder, so an idea
written in another language is found too ("this idea in Spanish looks like yours"), held to
a threshold of its own.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
from flask import current_app
from sqlalchemy import func, select
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
from consult.nlp.language import detect_language
from consult.themes.embedding_model import Embedding
from consult.themes.embeddings import DatabaseEmbeddingCache
from consult.themes.models import IdeaCuration

if TYPE_CHECKING:
    from consult.nlp.duplicates import SimilarIndex

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
# The same for an idea written in another language than the text typed (both detected).
# Measured with the multilingual encoder on real feedback to one EU consultation
# (bench/data/cross-language-pairs.csv: 25 ideas, 5 languages, 4 subjects): two ideas
# saying the same thing in two languages score 0.14-0.66, median 0.42, 41 % of them from
# 0.45 and 25 % from 0.5; other ideas of that consultation in another language at most
# 0.52 (3 % from 0.45); ideas of other consultations at most 0.42.
CROSS_LANGUAGE_THRESHOLD = 0.45
# Consultations whose index a process keeps (in practice the open ones): 10,000 ideas are a
# 20 MB matrix, built in about a second from the cached vectors.
KEPT_INDEXES = 2
_KEPT: OrderedDict[tuple[int, str], tuple[tuple, SimilarIndex | None]] = OrderedDict()
_KEPT_LOCK = threading.Lock()

def similar_ideas(
    session: Session, consultation: Consultation, text: str, limit: int = 3
) -> list[Submission]:
    """Up to ``limit`` published ideas of ``consultation`` close in meaning to ``text``.

    Never raises for a missing model: suggestions are optional, the form is not.
    """
    text = text.strip()
    if len(text) < MIN_CHARS or limit <= 0:
        return []
    try:
        embedder = lookup_embedder(current_app.config.get(SETTING))
        if not backends.ready(embedder):  # loading in the background: no suggestions yet
            return []
        index = _index(session, consultation.id, embedder)
        if index is None:
            return []
        found = index.similar(prepare_text(text), k=limit, threshold=THRESHOLD,
                              language=detect_language(text),
                              cross_language_threshold=CROSS_LANGUAGE_THRESHOLD)
    except EmbeddingModelError as error:
        log.warning("no similar ideas: %s", error)
        return []
    chosen = [idea_id for idea_id, _ in found]
    ideas = {idea.id: idea for idea in session.scalars(
        select(Submission).where(Submission.id.in_(chosen)))}
    return [ideas[idea_id] for idea_id in chosen if idea_id in ideas]


def similar_to_idea(session: Session, idea: Submission, limit: int = 20
                    ) -> list[tuple[Submission, float]]:
    """For facilitators: up to ``limit`` published ideas of the same consultation closest in
    meaning to ``idea``, with their similarity, the closest first (none while the model
    loads). Copies and ideas merely on the same topic both show: the facilitator decides."""
    index = consultation_index(session, idea.consultation_id)
    try:
        found = index.similar(prepare_text(idea.text), k=limit + 1, threshold=THRESHOLD,
                              language=idea.language or None,
                              cross_language_threshold=CROSS_LANGUAGE_THRESHOLD) if index else []
    except EmbeddingModelError as error:
        log.warning("no similar ideas: %s", error)
        return []
    scores = {idea_id: score for idea_id, score in found if idea_id != idea.id}
    ideas = {other.id: other for other in session.scalars(
        select(Submission).where(Submission.id.in_(scores)))}
    return [(ideas[idea_id], score) for idea_id, score in scores.items()
            if idea_id in ideas][:limit]


def consultation_index(session: Session, consultation_id: int) -> SimilarIndex | None:
    """The consultation's index of cached idea vectors (ids and unit vectors), as the lookups
    use it; None while the model loads or before any idea is embedded."""
    try:
        embedder = lookup_embedder(current_app.config.get(SETTING))
        if not backends.ready(embedder):
            return None
        return _index(session, consultation_id, embedder)
    except EmbeddingModelError as error:
        log.warning("no index of ideas: %s", error)
        return None


def lookup_embedder(setting: str | None) -> Embedder:
    """The model a lookup embeds the typed text with. Every corpus routed by language
    (`choose_embedder`) has vectors of the multilingual encoder, alone or next to MiniLM's
    (cached apart), so that encoder serves every lookup unless the setting names another
    model. It is numpy only: web processes never load torch for a suggestion. Its own
    similarities were measured against THRESHOLD."""
    embedder = get_embedder(setting)
    parts = embedder.parts if isinstance(embedder, ConcatEmbedder) else [embedder]
    return next((part for part in parts if isinstance(part, UseEmbedder)), embedder)


def _index(session: Session, consultation_id: int, embedder: Embedder) -> SimilarIndex | None:
    """The consultation's index of idea vectors, kept by the process while its ideas and the
    cached vectors stay as they were (one small query tells), else built again."""
    from consult.nlp.duplicates import SimilarIndex  # scipy: loaded on the first suggestion

    key, signature = (consultation_id, embedder.name), _signature(session, consultation_id)
    with _KEPT_LOCK:
        kept = _KEPT.get(key)
        if kept is not None and kept[0] == signature:
            _KEPT.move_to_end(key)
            return kept[1]
    rows = _published_texts(session, consultation_id)
    ids, vectors = _cached_vectors(session, embedder, rows) if rows else ([], None)
    language_of = dict(session.execute(select(Submission.id, Submission.language).where(
        *_suggestable(consultation_id))).all()) if ids else {}
    # Each idea's language as recorded when it came in (detected then, or chosen): no
    # detection of every idea when an index is built.
    index = SimilarIndex(ids, vectors, embedder,
                         [language_of.get(idea_id) or None for idea_id in ids]) if ids else None
    with _KEPT_LOCK:
        _KEPT[key] = (signature, index)
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_INDEXES:
            _KEPT.popitem(last=False)
    return index


def _signature(session: Session, consultation_id: int) -> tuple:
    """What the index depends on: the ideas that may be suggested (how many, which, the
    newest) and the vectors cached so far (a corrected idea is embedded again)."""
    ideas = session.execute(
        select(func.count(Submission.id), func.sum(Submission.id), func.max(Submission.created_at))
        .where(*_suggestable(consultation_id))).one()
    return (*ideas, session.scalar(select(func.max(Embedding.id))))


def _suggestable(consultation_id: int) -> tuple:
    set_aside = select(IdeaCuration.submission_id).where(IdeaCuration.set_aside.is_(True))
    return (Submission.consultation_id == consultation_id,
            Submission.status == SubmissionStatus.PUBLISHED, Submission.id.not_in(set_aside))


def _published_texts(session: Session, consultation_id: int) -> list[tuple[int, str]]:
    """(id, text) of the ideas ``clustering.published_ideas`` gives, without loading them."""
    return [(idea_id, text) for idea_id, text in session.execute(
        select(Submission.id, Submission.text).where(*_suggestable(consultation_id))
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
