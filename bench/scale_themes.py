"""A finished clustering run for the scale benchmark, written as `consult.themes.clustering`
leaves one (a succeeded, current run; its themes with keywords, representative and examples;
one membership per published idea), and the embedding cache of the ideas, from fake vectors
of the real size: no model runs here."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from datetime import timedelta

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sqlalchemy import insert
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.base import utcnow
from consult.models import (
    ClusteringRun,
    Consultation,
    Embedding,
    MembershipSource,
    RunStatus,
    Theme,
    ThemeMembership,
)
from consult.nlp.cache import text_hash, to_bytes
from consult.themes.clustering import ALGORITHM

BATCH = 5000
def theme_count(ideas_count: int) -> int:
    """20 themes at 1,000 ideas, 40 at 10,000, 60 at 100,000."""
    return max(20, min(60, round(20 * math.log10(max(ideas_count, 1000) / 100))))


def theme_of_comment(bases: list[str], themes: int, chance: random.Random) -> list[int | None]:
    """A theme rank per comment (sizes fall off as in real consultations), 3 % unsorted;
    all variations of a comment fall in its theme, as near-duplicates do."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(themes)]
    return [None if chance.random() < 0.03 else chance.choices(range(themes), weights)[0]
            for _ in bases]


def label(texts: list[str], everywhere: Counter) -> list[str]:
    """Keywords of a theme: words frequent in it and rarer elsewhere."""
    here = Counter(word for text in texts for word in set(re.findall(r"[a-z]{4,}", text.lower()))
                   if word not in ENGLISH_STOP_WORDS)
    return [word for word, _ in sorted(here.items(), key=lambda item: -item[1] ** 2
                                       / everywhere[item[0]])[:6]]


def clustering_run(session: Session, item: Consultation, facilitator,
                   placed: dict[int, int | None], model: str) -> tuple[ClusteringRun, dict]:
    """The run as `clustering._swap_in` leaves it. `placed`: published idea id → theme rank
    or None. Returns the run and the ideas of each rank."""
    ranks = sorted({rank for rank in placed.values() if rank is not None})
    members: dict[int, list[int]] = {rank: [] for rank in ranks}
    for idea_id, rank in placed.items():
        if rank is not None:
            members[rank].append(idea_id)
    now = utcnow()
    run = ClusteringRun(
        consultation_id=item.id, requested_by_id=facilitator.id, status=RunStatus.SUCCEEDED,
        current=True, stage="done", seed=0, model=model, algorithm=ALGORITHM,
        parameters={"requested_themes": None, "themes_found": len(ranks), "seed": 0},
        done=len(placed), total=len(placed), ideas_in=len(placed), themes_out=len(ranks),
        unsorted_out=sum(rank is None for rank in placed.values()),
        changes={"first": True, "new_ideas_placed": len(placed), "new_themes": len(ranks),
                 "ideas_moved": 0},
        kept={"placed": 0, "locked": 0, "named": 0, "merged": 0, "set_aside": 0},
        started_at=now - timedelta(minutes=2), heartbeat_at=now, finished_at=now)
    session.add(run)
    events.record(session, facilitator, "clustering.requested", run,
                  {"consultation": item.id, "themes": None, "seed": 0})
    return run, members


def themes_and_memberships(session: Session, item: Consultation, run: ClusteringRun,
                           texts: dict[int, str], placed: dict[int, int | None],
                           members: dict[int, list[int]]) -> dict[int, list[int]]:
    """The run's themes and one membership per idea; returns theme id → its ideas, by rank."""
    everywhere = Counter(word for text in texts.values()
                         for word in set(re.findall(r"[a-z]{4,}", text.lower())))
    themes = []
    for rank, ids in sorted(members.items()):
        sample = [texts[idea_id] for idea_id in ids[:400]]
        keywords = label(sample, everywhere) or [f"theme {rank + 1}"]
        themes.append(Theme(consultation_id=item.id, created_by_run_id=run.id,
                            label=" · ".join(keywords[:3]), keywords=keywords,
                            representative_id=ids[0], examples=ids[:5]))
    session.add_all(themes)
    session.flush()
    theme_ids = {rank: theme.id for rank, theme in zip(sorted(members), themes, strict=True)}
    rows = [{"organisation_id": item.organisation_id, "run_id": run.id, "submission_id": idea_id,
             "theme_id": theme_ids.get(rank), "source": MembershipSource.AUTO}
            for idea_id, rank in placed.items()]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(ThemeMembership), rows[start:start + BATCH])
    events.record(session, None, "clustering.completed", run, {
        "themes": run.themes_out, "ideas": run.ideas_in, "changes": run.changes})
    return {theme.id: members[rank] for rank, theme in zip(sorted(members), themes, strict=True)}


def embeddings(session: Session, model: str, texts: dict[int, str],
               placed: dict[int, int | None], seed: int) -> int:
    """Cached vectors of every published idea for the lookup's model: near their theme's
    centre, unit length (fake, but of the real size and number)."""
    generator = np.random.default_rng(seed)
    centres = generator.standard_normal((61, 512)).astype(np.float32)
    rows, seen = [], set()
    for idea_id, text in texts.items():
        key = text_hash(text)
        if key in seen:
            continue
        seen.add(key)
        rank = placed.get(idea_id)
        vector = generator.standard_normal(512).astype(np.float32) * 0.8
        vector += centres[60 if rank is None else rank]
        rows.append({"model": model, "text_hash": key,
                     "vector": to_bytes(vector / np.linalg.norm(vector)), "created_at": utcnow()})
        if len(rows) == BATCH:
            session.execute(insert(Embedding), rows)
            rows = []
    if rows:
        session.execute(insert(Embedding), rows)
    return len(seen)


