"""Themes and their ideas, as the public theme pages show them."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import false, func, select

from consult.api.operations import With, read
from consult.api.pagination import Listing
from consult.api.read import public
from consult.api.read.ideas import with_figures
from consult.api.schemas.ideas import IdeaSchema, ThemeSchema
from consult.extensions import db
from consult.ideas.models import Submission, SubmissionStatus
from consult.themes.models import ClusteringRun, Theme, ThemeMembership
from consult.themes.state import current_run
from consult.themes.views import showing_run

bp = Blueprint("themes", __name__)


def _shown_run(theme: Theme) -> ClusteringRun | None:
    """The run whose ideas the theme's page shows: none once it was merged into another."""
    return None if theme.merged_into_id is not None else showing_run(db.session, theme)


def _sizes(run_id: int, theme_ids: list[int]) -> dict[int, int]:
    return dict(db.session.execute(
        select(ThemeMembership.theme_id, func.count(Submission.id))
        .join(Submission, Submission.id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == run_id, ThemeMembership.theme_id.in_(theme_ids),
               Submission.status == SubmissionStatus.PUBLISHED)
        .group_by(ThemeMembership.theme_id)).all())


def with_sizes(themes: list[Theme]) -> list[With]:
    """Each theme with its published ideas counted in the run its page shows: the current run
    for live themes, in one query; a theme left behind, in the last run that had it."""
    sizes: dict[int, int] = {}
    live = [theme for theme in themes if theme.is_live]
    if live and (run := current_run(db.session, live[0].consultation_id)) is not None:
        sizes = _sizes(run.id, [theme.id for theme in live])
    for theme in themes:
        if not theme.is_live and (run := _shown_run(theme)) is not None:
            sizes.update(_sizes(run.id, [theme.id]))
    return [With(theme, live=theme.is_live, idea_count=sizes.get(theme.id, 0))
            for theme in themes]


@bp.get("/consultations/<int:consultation_id>/themes")
@read(ThemeSchema, _l("The themes of a consultation"),
      _l("Once its ideas are being analysed: every theme, those the current clustering no "
         "longer has included (live is false, merged_into_id names what a merged one became)."),
      paged=True)
def index(consultation_id: int) -> Listing:
    return Listing(public.consultation_themes(db.session, consultation_id), Theme.id,
                   annotate=with_sizes)


@bp.get("/themes/<int:theme_id>")
@read(ThemeSchema, _l("A theme"),
      _l("One theme, public once its consultation's themes are, or once a published commitment "
         "cites it."))
def show(theme_id: int) -> With:
    return with_sizes([public.public_theme(db.session, theme_id)])[0]


@bp.get("/themes/<int:theme_id>/ideas")
@read(IdeaSchema, _l("The ideas of a theme"),
      _l("Its published ideas in the clustering its page shows; none for a theme merged into "
         "another (read that one)."), paged=True)
def ideas(theme_id: int) -> Listing:
    theme = public.public_theme(db.session, theme_id)
    run = _shown_run(theme)
    statement = public.published_ideas(theme.consultation_id)
    if run is None:
        statement = statement.where(false())
    else:
        statement = statement.where(Submission.id.in_(
            select(ThemeMembership.submission_id).where(ThemeMembership.run_id == run.id,
                                                        ThemeMembership.theme_id == theme.id)))
    return Listing(statement, Submission.id,
                   annotate=lambda rows: with_figures(theme.consultation, rows))
