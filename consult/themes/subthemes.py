"""Sub-themes in a clustering run: planned in the worker after the themes, saved with them.

Each theme large enough is split on its own ideas (consult.nlp.subthemes); the sub-themes
of the current run are read back so that a sub-theme whose ideas mostly stay keeps its id,
and with it the name a facilitator gave it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consult.core.base import utcnow
from consult.themes.models import ClusteringRun, IdeaCuration, Theme, ThemeMembership
from consult.themes.state import current_run
from consult.themes.subtheme_model import Subtheme

BATCH = 2000  # ideas per UPDATE


@dataclass(frozen=True)
class Planned:
    """One theme's split: ``split`` (consult.nlp.subthemes.Split) and a name per sub-theme."""

    theme_key: str
    split: object
    names: list


def previous(session: Session, consultation_id: int, ids: list[int]
             ) -> dict[int, dict[str, list[int]]]:
    """Theme id → {sub-theme id: rows of ``ids``} in the current run."""
    run = current_run(session, consultation_id)
    if run is None:
        return {}
    row = {submission_id: index for index, submission_id in enumerate(ids)}
    found: dict[int, dict[str, list[int]]] = {}
    for theme_id, subtheme_id, submission_id in session.execute(
            select(ThemeMembership.theme_id, ThemeMembership.subtheme_id,
                   ThemeMembership.submission_id)
            .where(ThemeMembership.run_id == run.id, ThemeMembership.subtheme_id.is_not(None))):
        if submission_id in row:
            found.setdefault(theme_id, {}).setdefault(str(subtheme_id), []).append(
                row[submission_id])
    return found


def plan(texts: list[str], vectors: np.ndarray, result, before: dict[int, dict[str, list[int]]],
         seed: int) -> list[Planned]:
    """Split every theme of ``result`` that is large enough, and name its sub-themes."""
    from consult.nlp.labels import label_themes
    from consult.nlp.subthemes import split_theme

    planned = []
    for index, key in enumerate(result.keys):
        rows = np.flatnonzero(result.labels == index).tolist()
        earlier = {} if key.startswith("new-") else before.get(int(key), {})
        split = split_theme(vectors, rows, earlier, seed)
        if split is None:
            continue
        names = label_themes([texts[row] for row in split.rows], vectors[split.rows],
                             split.labels, split.centroids)
        planned.append(Planned(key, split, names))
    return planned


def save(session: Session, run: ClusteringRun, ids: list[int], themes: dict[str, Theme],
         planned: list[Planned]) -> int:
    """Write the sub-themes and each idea's sub-theme in ``run``; retire the others. The
    number of sub-themes."""
    used: set[int] = set()
    for split in planned:
        theme = themes[split.theme_key]
        for index, (key, name) in enumerate(zip(split.split.keys, split.names, strict=True)):
            subtheme = _subtheme_for(session, run, theme, key, name, split.split.rows, ids)
            used.add(subtheme.id)
            members = [ids[row] for row in split.split.members(index)]
            for start in range(0, len(members), BATCH):
                session.execute(update(ThemeMembership).where(
                    ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
                    ThemeMembership.submission_id.in_(members[start:start + BATCH]))
                    .values(subtheme_id=subtheme.id))
    used |= _placed(session, run, set(themes.values()))
    themes_of_consultation = select(Theme.id).where(
        Theme.consultation_id == run.consultation_id)
    session.execute(update(Subtheme).where(
        Subtheme.theme_id.in_(themes_of_consultation), Subtheme.retired_at.is_(None),
        Subtheme.id.not_in(used or {0})).values(retired_at=utcnow()))
    return len(used)


def _subtheme_for(session: Session, run: ClusteringRun, theme: Theme, key: str, name,
                  rows: list[int], ids: list[int]) -> Subtheme:
    subtheme = None if key.startswith("new-") else session.get(Subtheme, int(key))
    if subtheme is None or subtheme.theme_id != theme.id:
        subtheme = Subtheme(theme_id=theme.id, created_by_run_id=run.id,
                            label=name.label[:200])
        session.add(subtheme)
    elif not subtheme.named_by_facilitator:
        subtheme.label = name.label[:200]
    subtheme.keywords = name.keywords
    subtheme.description = getattr(name, "description", "")
    subtheme.names = getattr(name, "names", {}) or {}
    subtheme.representative_id = (ids[rows[name.representative]]
                                  if name.representative >= 0 else None)
    subtheme.examples = [ids[rows[row]] for row in name.examples]
    subtheme.retired_at = None
    session.flush()
    return subtheme


def _placed(session: Session, run: ClusteringRun, themes: set[Theme]) -> set[int]:
    """Put back the ideas a facilitator moved to a sub-theme, where the idea is still in that
    sub-theme's theme; such a sub-theme stays even if the run did not find it again. The
    sub-themes kept so."""
    theme_ids = {theme.id for theme in themes}
    kept = set()
    for submission_id, subtheme in session.execute(
            select(IdeaCuration.submission_id, Subtheme)
            .join(Subtheme, Subtheme.id == IdeaCuration.placed_in_subtheme_id)
            .where(Subtheme.theme_id.in_(theme_ids))):
        moved = session.execute(update(ThemeMembership).where(
            ThemeMembership.run_id == run.id, ThemeMembership.submission_id == submission_id,
            ThemeMembership.theme_id == subtheme.theme_id).values(subtheme_id=subtheme.id))
        if moved.rowcount:
            subtheme.retired_at = None
            kept.add(subtheme.id)
    return kept

