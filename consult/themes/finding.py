"""Finding ideas across a consultation's themes, for facilitators: every published idea that
matches a search, with the theme the current run put it in, and how the matches spread over
the themes (each a link to that theme's page, searched the same way, where they can be acted
on together)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.ideas.listing import Page
from consult.ideas.models import Submission, SubmissionStatus
from consult.themes.filters import IdeaFilters
from consult.themes.models import Theme, ThemeMembership
from consult.themes.state import current_run

FOUND_PAGE = 50


@dataclass(frozen=True)
class Found:
    idea: Submission
    theme: Theme | None


@dataclass(frozen=True)
class Search:
    filters: IdeaFilters
    ideas: Page  # of Found
    by_theme: list[tuple[Theme | None, int]]  # the most matches first; None: in no theme


def find_ideas(session: Session, consultation: Consultation, filters: IdeaFilters,
               number: int = 1) -> Search:
    """The published ideas of `consultation` matching `filters` (its search and the rest),
    newest first, FOUND_PAGE at a time, with their theme in the current run."""
    run = current_run(session, consultation.id)
    run_id = run.id if run is not None else None
    matching = filters.narrow(
        select(Submission.id).where(Submission.consultation_id == consultation.id,
                                    Submission.status == SubmissionStatus.PUBLISHED))
    placed = and_(ThemeMembership.submission_id == Submission.id,
                  ThemeMembership.run_id == run_id)
    total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    rows = session.execute(
        select(Submission, Theme).outerjoin(ThemeMembership, placed)
        .outerjoin(Theme, Theme.id == ThemeMembership.theme_id)
        .where(Submission.id.in_(matching))
        .order_by(Submission.received_at.desc(), Submission.id.desc())
        .offset((number - 1) * FOUND_PAGE).limit(FOUND_PAGE)).all()
    counts = session.execute(
        select(ThemeMembership.theme_id, func.count()).select_from(Submission)
        .outerjoin(ThemeMembership, placed).where(Submission.id.in_(matching))
        .group_by(ThemeMembership.theme_id)).all()
    themes = {theme.id: theme for theme in session.scalars(
        select(Theme).where(Theme.id.in_([theme_id for theme_id, _ in counts if theme_id])))}
    by_theme = sorted(((themes.get(theme_id), count) for theme_id, count in counts),
                      key=lambda pair: (-pair[1], pair[0] is None))
    return Search(filters, Page([Found(idea, theme) for idea, theme in rows], total, number,
                          FOUND_PAGE), by_theme)
