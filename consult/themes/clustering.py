"""Clustering runs: requested by a facilitator, executed by a worker, swapped in atomically.

A run reads the ideas and the facilitator's decisions, commits, computes its themes
without holding a transaction, and writes everything in one last transaction that also
makes it the current run. A worker killed before that leaves the previous themes and
every decision untouched.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import metadata

import numpy as np
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError
from consult.core.outbox import enqueue_after_commit
from consult.core.user import User
from consult.ideas.models import Submission, SubmissionStatus
from consult.nlp.cache import embed_with_cache, fill_cache
from consult.nlp.embed import choose_embedder
from consult.nlp.junk import junk_apart
from consult.nlp.themes import aligned_vectors
from consult.themes import subthemes
from consult.themes.embeddings import DatabaseEmbeddingCache
from consult.themes.models import (
    ClusteringRun,
    IdeaCuration,
    MembershipSource,
    RunStatus,
    Theme,
    ThemeMembership,
)
from consult.themes.state import current_memberships, live_themes, resolve_theme

ALGORITHM = "spectral clustering of a k-nearest-neighbour cosine graph (scikit-learn)"
DEFAULT_STALE_SECONDS = 600
MEMBERSHIP_BATCH = 5000  # memberships written per statement
JUNK_SHOWN = 200  # posts that are no idea, listed for the moderator
# Fewer ideas than this are read one by one: grouping them would force themes on them.
MIN_IDEAS = 6
# The fewest themes the data may choose: a plan is drafted from 5 to 12 themes, so a large
# consultation gets at least 5 (8 when finer themes are asked for); a small one at least 2
# (6 when finer).
SIZEABLE = 150  # ideas
LEAST_THEMES = {(False, False): 2, (False, True): 6, (True, False): 5, (True, True): 8}
DETAILED_THEMES = LEAST_THEMES[(False, True)]


# --- requesting -----------------------------------------------------------------------------

def published_ideas(session: Session, consultation_id: int) -> list[Submission]:
    """The ideas a run groups: published and not set aside, oldest first."""
    return list(session.scalars(
        select(Submission).where(*_grouped(consultation_id)).order_by(Submission.id)))


def published_texts(session: Session, consultation_id: int) -> tuple[list[int], list[str]]:
    """Ids and texts of the ideas `published_ideas` gives, read as plain rows: at 100,000
    ideas, Submission objects would cost the worker hundreds of megabytes."""
    ids, texts, _ = published_rows(session, consultation_id)
    return ids, texts


def published_rows(session: Session, consultation_id: int
                   ) -> tuple[list[int], list[str], list[str | None]]:
    """Ids, texts and languages (as detected when each idea came in) of those ideas."""
    rows = session.execute(select(Submission.id, Submission.text, Submission.language)
                           .where(*_grouped(consultation_id)).order_by(Submission.id)).all()
    return ([idea_id for idea_id, _, _ in rows], [text for _, text, _ in rows],
            [language or None for _, _, language in rows])


def _grouped(consultation_id: int) -> tuple:
    set_aside = select(IdeaCuration.submission_id).where(IdeaCuration.set_aside.is_(True))
    return (Submission.consultation_id == consultation_id,
            Submission.status == SubmissionStatus.PUBLISHED, Submission.id.not_in(set_aside))


def active_run(session: Session, consultation: Consultation) -> ClusteringRun | None:
    """The run queued or running for ``consultation``; runs whose worker died are failed."""
    run = session.scalar(
        select(ClusteringRun)
        .where(ClusteringRun.consultation_id == consultation.id,
               ClusteringRun.status.in_((RunStatus.QUEUED, RunStatus.RUNNING)))
        .order_by(ClusteringRun.id.desc()).limit(1)
    )
    if run is not None and run.status is RunStatus.RUNNING and _is_stale(run):
        _fail(run, "The worker stopped during this run; the previous themes are unchanged.")
        session.flush()
        return None
    return run


def request_run(
    session: Session, actor: User, consultation: Consultation, themes: int | None, seed: int = 0,
    detailed: bool = False,
) -> ClusteringRun:
    """Queue a clustering run; refused while another run of the consultation is under way."""
    session.get(Consultation, consultation.id, with_for_update=True)  # one request at a time
    if active_run(session, consultation) is not None:
        raise Conflict(_l("A clustering run is already under way for this consultation. "
                          "Wait for it to finish."))
    count = session.scalar(select(func.count(Submission.id)).where(*_grouped(consultation.id)))
    if count < MIN_IDEAS:
        raise ConsultError(_l("Themes need at least %(n)s published ideas; this consultation "
                              "has %(count)s. Read them one by one for now.",
                              n=MIN_IDEAS, count=count))
    if themes is not None and not 2 <= themes <= count:
        raise ConsultError(_l("Choose between 2 and %(n)s themes, or let them be chosen "
                              "automatically.", n=count))
    run = ClusteringRun(consultation=consultation, requested_by=actor, requested_themes=themes,
                        seed=seed, total=count, detailed=detailed)
    session.add(run)
    events.record(session, actor, "clustering.requested", run,
                  {"consultation": consultation.id, "themes": themes, "seed": seed,
                   "detailed": detailed})
    enqueue_after_commit(session, "run_clustering", run.id)
    return run


# --- executing (in the worker) ------------------------------------------------------------

def execute_run(session: Session, run_id: int, last_attempt: bool = True) -> None:
    """Run ``run_id`` to the end. Idempotent: a finished run is left as it is."""
    run = session.get(ClusteringRun, run_id)
    if run is None or not run.in_progress:
        return
    run.status, run.stage, run.attempts = RunStatus.RUNNING, "reading", run.attempts + 1
    run.started_at = run.heartbeat_at = utcnow()
    run.error = None
    session.commit()
    try:
        _execute(session, run)
    except Exception as error:
        session.rollback()
        run = session.get(ClusteringRun, run_id)
        if run.status is RunStatus.RUNNING:
            run.error = f"{type(error).__name__}: {error}"[:2000]
            if last_attempt:
                _fail(run, run.error)
                events.record(session, None, "clustering.failed", run, {"error": run.error})
            else:
                run.status, run.stage = RunStatus.QUEUED, "retrying"
            session.commit()
        raise


def _execute(session: Session, run: ClusteringRun) -> None:
    from consult.nlp.cluster import cluster_embeddings  # scikit-learn: only in the worker
    from consult.nlp.labels import label_themes

    ids, texts, languages = published_rows(session, run.consultation_id)
    constraints = _constraints(session, run.consultation_id, ids)
    run.total = len(ids)
    session.commit()  # nothing held while embedding and clustering

    embedder = choose_embedder(texts, _model_setting())
    steps = len(texts) * len(getattr(embedder, "parts", [embedder]))  # one pass per model
    vectors = embed_with_cache(embedder, texts, _ProgressCache(session, run, steps))
    aligned = aligned_vectors(vectors, embedder, texts, languages)  # languages on a par
    vectors = vectors if aligned is None else aligned
    _progress(session, run, "clustering", 0, len(texts))
    requested = min(run.requested_themes, len(ids)) if run.requested_themes else None
    least = LEAST_THEMES[(len(ids) >= SIZEABLE, run.detailed)]
    result = cluster_embeddings(vectors, constraints, k=requested, seed=run.seed,
                                min_themes=least)
    result, junk = junk_apart(texts, result, constraints)  # consult.nlp.junk
    _progress(session, run, "labelling", 0, len(texts))
    names = label_themes(texts, vectors, result.labels, result.centroids, languages=languages)
    planned = subthemes.plan(texts, vectors, result,
                             subthemes.previous(session, run.consultation_id, ids), run.seed)
    _progress(session, run, "saving", len(texts), len(texts))

    run = session.get(ClusteringRun, run.id, with_for_update=True, populate_existing=True)
    if run.status is not RunStatus.RUNNING:  # declared dead meanwhile: another run may follow
        return
    run.model = embedder.name
    run.algorithm = ALGORITHM
    run.parameters = {**_parameters(run, len(result.keys)),
                      "junk": [ids[row] for row in sorted(junk)][:JUNK_SHOWN]}
    _swap_in(session, run, ids, result, names, planned)
    session.commit()


def _constraints(session: Session, consultation_id: int, ids: list[int]):
    row = {submission_id: index for index, submission_id in enumerate(ids)}
    previous = {row[s]: str(t) for s, t in current_memberships(session, consultation_id).items()
                if s in row and t is not None}
    pinned = {row[s]: str(t) for s, t in placements(session, consultation_id).items() if s in row}
    locked: dict[str, list[int]] = {}
    for theme in live_themes(session, consultation_id):
        if theme.locked:
            locked[str(theme.id)] = [r for r, key in previous.items() if key == str(theme.id)]
    from consult.nlp.cluster import Constraints

    return Constraints(pinned=pinned, locked=locked, previous=previous)


def placements(session: Session, consultation_id: int) -> dict[int, int]:
    """Idea id → live theme id, for every idea a facilitator placed (merges followed)."""
    rows = session.execute(
        select(IdeaCuration.submission_id, IdeaCuration.placed_in_id)
        .join(Submission, Submission.id == IdeaCuration.submission_id)
        .where(Submission.consultation_id == consultation_id,
               IdeaCuration.placed_in_id.is_not(None), IdeaCuration.set_aside.is_(False))
    ).all()
    live = {theme_id: _resolved_id(session, theme_id, live_only=True)
            for theme_id in {theme_id for _, theme_id in rows}}  # once per theme, not per idea
    return {submission_id: live[theme_id] for submission_id, theme_id in rows
            if live[theme_id] is not None}


def _resolved_id(session: Session, theme_id: int | None, live_only: bool = False) -> int | None:
    """The id of the theme ``theme_id`` became (merges followed); None when there is none, or
    when it is retired and ``live_only``."""
    theme = resolve_theme(session, theme_id)
    if theme is None or (live_only and not theme.is_live):
        return None
    return theme.id


def _swap_in(session: Session, run: ClusteringRun, ids: list[int], result, names,
             planned: list[subthemes.Planned]) -> None:
    """Write the run's themes and memberships and make it the current run, in one transaction."""
    consultation_id = run.consultation_id
    before = current_memberships(session, consultation_id)
    themes = [_theme_for(session, run, key, name, ids) for key, name in
              zip(result.keys, names, strict=True)]
    placed = placements(session, consultation_id)  # read again: decisions made meanwhile count
    set_aside = set(session.scalars(select(IdeaCuration.submission_id)
                                    .where(IdeaCuration.set_aside.is_(True))))
    after: dict[int, int | None] = {}
    rows = []
    for row, submission_id in enumerate(ids):
        if submission_id in set_aside:
            continue
        label = int(result.labels[row])
        theme_id = themes[label].id if label >= 0 else None
        source = MembershipSource.AUTO
        if submission_id in placed:
            theme_id, source = placed[submission_id], MembershipSource.FACILITATOR
        after[submission_id] = theme_id
        rows.append({"organisation_id": run.organisation_id, "run_id": run.id,
                     "submission_id": submission_id, "theme_id": theme_id, "source": source})
    # In bulk (one statement per batch): one ORM object per idea took most of the saving.
    for start in range(0, len(rows), MEMBERSHIP_BATCH):
        session.execute(insert(ThemeMembership), rows[start:start + MEMBERSHIP_BATCH])
    run.parameters = {**run.parameters, "subthemes": subthemes.save(
        session, run, ids, dict(zip(result.keys, themes, strict=True)), planned)}
    used = {theme_id for theme_id in after.values() if theme_id is not None}
    _retire_unused(session, consultation_id, used)
    session.execute(update(ClusteringRun).where(ClusteringRun.consultation_id == consultation_id)
                    .values(current=False))
    created = sum(1 for key in result.keys if key.startswith("new-"))
    run.current, run.status, run.stage = True, RunStatus.SUCCEEDED, "done"
    run.finished_at = utcnow()
    run.ideas_in, run.themes_out = len(ids), len(used)
    run.unsorted_out = sum(1 for theme_id in after.values() if theme_id is None)
    run.done = len(ids)
    run.changes = _changes(session, before, after, created)
    run.kept = _kept(session, consultation_id, placed)
    events.record(session, None, "clustering.completed", run,
                  {"themes": run.themes_out, "ideas": run.ideas_in, "changes": run.changes})


def _theme_for(session: Session, run: ClusteringRun, key: str, name, ids: list[int]) -> Theme:
    representative = ids[name.representative] if name.representative >= 0 else None
    examples = [ids[row] for row in name.examples]
    theme = None if key.startswith("new-") else resolve_theme(session, int(key))
    if theme is None:
        theme = Theme(consultation_id=run.consultation_id, created_by_run_id=run.id,
                      label=name.label[:200])
        session.add(theme)
    elif not theme.named_by_facilitator:
        theme.label = name.label[:200]
    if not theme.named_by_facilitator and getattr(name, "description", ""):
        theme.description = name.description
    theme.names = getattr(name, "names", {}) or {}
    theme.keywords, theme.examples = name.keywords, examples
    theme.representative_id = representative
    theme.retired_at = None
    session.flush()
    return theme


def _retire_unused(session: Session, consultation_id: int, used: set[int]) -> None:
    for theme in live_themes(session, consultation_id):
        if theme.id not in used and not theme.locked:
            theme.retired_at = utcnow()


def _changes(session: Session, before: dict[int, int | None], after: dict[int, int | None],
             created: int) -> dict:
    final = {theme_id: _resolved_id(session, theme_id) for theme_id in set(before.values())}
    resolved = {s: final[t] for s, t in before.items()}
    placed = sum(1 for s, t in after.items() if s not in before and t is not None)
    moved = sum(1 for s, t in after.items() if s in before and resolved[s] != t)
    return {"first": not before, "new_ideas_placed": placed, "new_themes": created,
            "ideas_moved": moved}


def _kept(session: Session, consultation_id: int, placed: dict[int, int]) -> dict:
    themes = live_themes(session, consultation_id)
    merged = session.scalar(select(func.count(Theme.id)).where(
        Theme.consultation_id == consultation_id, Theme.merged_into_id.is_not(None)))
    set_aside = session.scalar(
        select(func.count(IdeaCuration.submission_id))
        .join(Submission, Submission.id == IdeaCuration.submission_id)
        .where(Submission.consultation_id == consultation_id, IdeaCuration.set_aside.is_(True)))
    return {"placed": len(placed), "locked": sum(t.locked for t in themes),
            "named": sum(t.named_by_facilitator for t in themes), "merged": merged or 0,
            "set_aside": set_aside or 0}


def _parameters(run: ClusteringRun, themes: int) -> dict:
    from consult.nlp.cluster import OUTLIER_DEVIATIONS, SAME_IDEA_SIMILARITY

    return {
        "requested_themes": run.requested_themes, "themes_found": themes, "seed": run.seed,
        "detailed": run.detailed, "least_themes": LEAST_THEMES[(run.total >= SIZEABLE,
                                                                 run.detailed)],
        "outlier_deviations": OUTLIER_DEVIATIONS, "same_idea_similarity": SAME_IDEA_SIMILARITY,
        "scikit_learn": metadata.version("scikit-learn"),
    }


# --- progress ------------------------------------------------------------------------------

class _ProgressCache(DatabaseEmbeddingCache):
    """The embedding cache, committing each batch and reporting it as the run's progress."""

    def __init__(self, session: Session, run: ClusteringRun, steps: int) -> None:
        super().__init__(session)
        self.run, self.steps, self.done = run, steps, 0

    def get_many(self, model_name: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found = super().get_many(model_name, hashes)
        self.done += len(found)
        _progress(self.session, self.run, "embedding", min(self.done, self.steps), self.steps)
        return found

    def put_many(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        super().put_many(model_name, vectors)
        self.done += len(vectors)
        _progress(self.session, self.run, "embedding", min(self.done, self.steps), self.steps)


def _progress(session: Session, run: ClusteringRun, stage: str, done: int, total: int) -> None:
    run.stage, run.done, run.total, run.heartbeat_at = stage, done, total, utcnow()
    session.commit()


def _is_stale(run: ClusteringRun) -> bool:
    seconds = current_app.config.get("CLUSTERING_STALE_SECONDS", DEFAULT_STALE_SECONDS)
    beat = run.heartbeat_at or run.started_at or run.created_at
    return utcnow() - beat > timedelta(seconds=seconds)


def _fail(run: ClusteringRun, error: str) -> None:
    run.status, run.stage, run.error, run.finished_at = (
        RunStatus.FAILED, "failed", error, utcnow())


def _model_setting() -> str | None:
    return current_app.config.get("CONSULT_EMBEDDING_MODEL")


# --- embedding as ideas arrive -------------------------------------------------------------

def embed_missing(session: Session, consultation_id: int) -> int:
    """Embed the consultation's ideas that have no vector yet; returns how many ideas there are."""
    _, texts = published_texts(session, consultation_id)
    session.commit()  # nothing held while embedding
    if texts:
        embedder = choose_embedder(texts, _model_setting())
        fill_cache(embedder, texts, _CommittingCache(session))  # the vectors known stay unread
    return len(texts)


class _CommittingCache(DatabaseEmbeddingCache):
    """The embedding cache, committing each batch: the write lock is held for one insert,
    never while the next batch is encoded, and an interrupted job keeps what it did."""

    def put_many(self, model_name: str, vectors: dict[str, np.ndarray]) -> None:
        super().put_many(model_name, vectors)
        self.session.commit()

