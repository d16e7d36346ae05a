"""A theme's public page: the theme whatever became of it, its ideas and the published
commitments it fed. It is public once a consultation's themes are, and for good once a
published commitment cites it: whatever the phase, merged or left behind by a later run."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, contains_eager

from consult.consultations.models import Consultation
from consult.core.errors import NotFound
from consult.ideas.listing import Page
from consult.ideas.models import Submission, SubmissionStatus
from consult.plans.models import ActionPlan, Commitment, CommitmentStatus, ProvenanceLink
from consult.plans.provenance import themes_leading_to
from consult.themes import views as theme_views
from consult.themes.models import ClusteringRun, Theme, ThemeMembership


def _published_links():
    """Links standing on published commitments of published plans."""
    return (select(ProvenanceLink.commitment_id)
            .join(Commitment, Commitment.id == ProvenanceLink.commitment_id)
            .join(ActionPlan, ActionPlan.id == Commitment.plan_id)
            .where(ProvenanceLink.removed_at.is_(None),
                   Commitment.status == CommitmentStatus.PUBLISHED,
                   ActionPlan.published_at.is_not(None)))


def is_cited(session: Session, theme: Theme) -> bool:
    """A published commitment links ``theme``, or a theme merged into it."""
    cited = _published_links().where(
        ProvenanceLink.theme_id.in_(themes_leading_to(session, theme)))
    return bool(session.scalar(select(exists(cited))))


def commitments_fed(session: Session, theme: Theme, run: ClusteringRun | None
                    ) -> list[Commitment]:
    """The published commitments whose sources cite ``theme`` (or a theme merged into it) or
    one of its published ideas in `run`, in the order of their plans."""
    sources = [ProvenanceLink.theme_id.in_(themes_leading_to(session, theme))]
    if run is not None:
        sources.append(ProvenanceLink.submission_id.in_(
            select(ThemeMembership.submission_id)
            .join(Submission, Submission.id == ThemeMembership.submission_id)
            .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
                   Submission.status == SubmissionStatus.PUBLISHED)))
    fed = _published_links().where(or_(*sources))
    return list(session.scalars(
        select(Commitment).join(ActionPlan, ActionPlan.id == Commitment.plan_id)
        .options(contains_eager(Commitment.plan)).where(Commitment.id.in_(fed))
        .order_by(ActionPlan.starts_on.desc(), ActionPlan.id, Commitment.position)))


@dataclass
class ThemePage:
    """What the page shows; `follow` is set instead for a merged theme no commitment cites,
    whose address now leads to the theme it became."""

    consultation: Consultation
    theme: Theme
    follow: Theme | None = None
    fate: theme_views.ThemeFate | None = None
    ideas: theme_views.ThemeIdeas | None = None
    fed: list[Commitment] | None = None
    themes_public: bool = False
    run: ClusteringRun | None = None  # the run whose ideas are shown


def theme_page(session: Session, consultation_id: int, theme_id: int,
               page: int = 1) -> ThemePage:
    """The theme at its public address; NotFound when the public may not see it."""
    theme = session.get(Theme, theme_id)
    consultation = theme.consultation if theme is not None else None
    if consultation is None or consultation.id != consultation_id:
        raise NotFound(_l("This theme does not exist or is not public yet."))
    public = theme_views.themes_are_public(consultation)
    cited = is_cited(session, theme)
    if not (public or cited):
        raise NotFound(_l("This theme does not exist or is not public yet."))
    fate = theme_views.theme_fate(session, theme)
    if fate.merged_into is not None and not cited:  # links never break: follow the merge
        return ThemePage(consultation, theme, follow=fate.merged_into)
    run = None if fate.merged_into is not None else theme_views.showing_run(session, theme)
    ideas = (theme_views.theme_ideas_page(session, theme, page, run=run) if run is not None
             else theme_views.ThemeIdeas(Page([], 0, 1, theme_views.THEME_PAGE), 0))
    return ThemePage(consultation, theme, fate=fate, ideas=ideas,
                     fed=commitments_fed(session, theme, run), themes_public=public, run=run)
