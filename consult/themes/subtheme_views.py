"""A theme's sub-themes as the pages list them, counted by the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.ideas.models import Submission, SubmissionStatus
from consult.themes.models import ClusteringRun, Theme, ThemeMembership
from consult.themes.subtheme_model import Subtheme


@dataclass(frozen=True)
class SubthemeRow:
    subtheme: Subtheme
    size: int
    representative: Submission | None


def subthemes_of(session: Session, theme: Theme, run: ClusteringRun | None) -> list[SubthemeRow]:
    """The theme's sub-themes in ``run``, largest first, with their published ideas counted."""
    if run is None:
        return []
    sizes = dict(session.execute(
        select(ThemeMembership.subtheme_id, func.count(Submission.id))
        .join(Submission, Submission.id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
               ThemeMembership.subtheme_id.is_not(None),
               Submission.status == SubmissionStatus.PUBLISHED)
        .group_by(ThemeMembership.subtheme_id)).all())
    if not sizes:
        return []
    found = session.scalars(select(Subtheme).where(Subtheme.id.in_(sizes))).all()
    shown = {idea.id: idea for idea in session.scalars(select(Submission).where(
        Submission.id.in_([s.representative_id for s in found if s.representative_id]),
        Submission.status == SubmissionStatus.PUBLISHED))}
    rows = [SubthemeRow(s, sizes[s.id], shown.get(s.representative_id)) for s in found]
    return sorted(rows, key=lambda row: (-row.size, row.subtheme.id))


def names_by_theme(session: Session, run: ClusteringRun | None, most: int = 8
                   ) -> dict[int, list[str]]:
    """Theme id → the names of its sub-themes in ``run``, largest first (for the overviews)."""
    if run is None:
        return {}
    size = func.count(ThemeMembership.submission_id)
    names: dict[int, list[str]] = {}
    for theme_id, label, _ in session.execute(
            select(ThemeMembership.theme_id, Subtheme.label, size)
            .join(Subtheme, Subtheme.id == ThemeMembership.subtheme_id)
            .where(ThemeMembership.run_id == run.id)
            .group_by(ThemeMembership.theme_id, Subtheme.id, Subtheme.label)
            .order_by(ThemeMembership.theme_id, size.desc(), Subtheme.id)):
        if len(names.setdefault(theme_id, [])) < most:
            names[theme_id].append(label)
    return names
