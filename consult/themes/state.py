"""Reading the current state of a consultation's themes (shared by runs, curation and pages)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.themes.models import ClusteringRun, Theme, ThemeMembership


def current_run(session: Session, consultation_id: int) -> ClusteringRun | None:
    """The run whose themes are shown, None before the first successful run."""
    return session.scalar(select(ClusteringRun).where(
        ClusteringRun.consultation_id == consultation_id, ClusteringRun.current.is_(True)))


def current_memberships(session: Session, consultation_id: int) -> dict[int, int | None]:
    """Idea id → theme id (None: no theme fitted) in the current run."""
    run = current_run(session, consultation_id)
    if run is None:
        return {}
    rows = session.execute(select(ThemeMembership.submission_id, ThemeMembership.theme_id)
                           .where(ThemeMembership.run_id == run.id))
    return {submission_id: theme_id for submission_id, theme_id in rows}


def live_themes(session: Session, consultation_id: int) -> list[Theme]:
    """Themes of the current run (and locked ones), oldest first."""
    return list(session.scalars(
        select(Theme).where(Theme.consultation_id == consultation_id, Theme.retired_at.is_(None))
        .order_by(Theme.id)
    ))


def resolve_theme(session: Session, theme_id: int | None) -> Theme | None:
    """The theme ``theme_id`` became: merges are followed to the theme that absorbed it."""
    theme = session.get(Theme, theme_id) if theme_id is not None else None
    seen = set()
    while theme is not None and theme.merged_into_id is not None and theme.id not in seen:
        seen.add(theme.id)
        theme = session.get(Theme, theme.merged_into_id)
    return theme


def theme_of(session: Session, submission_id: int, run: ClusteringRun | None) -> Theme | None:
    """The theme ``run`` put the idea in (None: no theme fitted it, or no run)."""
    if run is None:
        return None
    return session.scalar(
        select(Theme).join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.submission_id == submission_id))
