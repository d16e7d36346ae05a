"""What the workbench and the public theme pages show: sizes, supports, examples, method."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from consult.consultations.models import Consultation, Phase
from consult.ideas.listing import Page
from consult.ideas.models import Submission, SubmissionStatus
from consult.themes.filters import IdeaFilters
from consult.themes.models import (
    ClusteringRun,
    CurationAction,
    IdeaCuration,
    RunStatus,
    Theme,
    ThemeMembership,
)
from consult.themes.state import current_run, live_themes, resolve_theme

PUBLIC_PHASES = (Phase.ANALYSIS, Phase.ANSWERED)


@dataclass
class ThemeRow:
    """One theme as listed: its size counts every idea, duplicates included."""

    theme: Theme
    size: int
    supports: int
    representative: Submission | None
    examples: list[Submission]


@dataclass
class IdeaRow:
    """An idea in a theme, with the duplicates folded under it."""

    idea: Submission
    curation: IdeaCuration | None
    duplicates: list[Submission] = field(default_factory=list)

    @property
    def supports(self) -> int:
        return self.idea.support_count + sum(d.support_count for d in self.duplicates)


@dataclass
class Overview:
    run: ClusteringRun | None
    themes: list[ThemeRow]
    placed: int = 0  # published ideas the run placed, in a theme or in none


@dataclass
class ThemeList:
    """The current run and its live themes, oldest first, uncounted: what a page needs to
    offer a choice of theme."""

    run: ClusteringRun | None
    themes: list[Theme]


def theme_list(session: Session, consultation: Consultation) -> ThemeList:
    return ThemeList(current_run(session, consultation.id),
                     live_themes(session, consultation.id))


def _figures(session: Session, run: ClusteringRun) -> dict[int | None, tuple[int, int, int]]:
    """Theme id (None: ideas no theme fitted) → (published ideas, their supports, the first
    idea's id), counted by the database."""
    rows = session.execute(
        select(ThemeMembership.theme_id, func.count(Submission.id),
               func.coalesce(func.sum(Submission.support_count), 0), func.min(Submission.id))
        .join(Submission, Submission.id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == run.id, Submission.status == SubmissionStatus.PUBLISHED)
        .group_by(ThemeMembership.theme_id)
    )
    return {theme_id: (size, supports, first) for theme_id, size, supports, first in rows}


def _shown(session: Session, run: ClusteringRun,
           ids: set[int]) -> dict[int, tuple[int | None, Submission]]:
    """The published ideas among `ids`, each with its theme in `run`."""
    if not ids:
        return {}
    rows = session.execute(
        select(ThemeMembership.theme_id, Submission)
        .join(Submission, Submission.id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == run.id, Submission.status == SubmissionStatus.PUBLISHED,
               Submission.id.in_(ids))
    )
    return {idea.id: (theme_id, idea) for theme_id, idea in rows}


def overview(session: Session, consultation: Consultation) -> Overview:
    """The themes of the current run, largest first, with their sizes and supports counted by
    the database; only the ideas shown are loaded."""
    run = current_run(session, consultation.id)
    if run is None:
        return Overview(None, [])
    figures = _figures(session, run)
    themes = live_themes(session, consultation.id)
    wanted = {i for theme in themes for i in (theme.representative_id, *theme.examples,
                                               figures.get(theme.id, (0, 0, None))[2])}
    shown = _shown(session, run, wanted - {None})

    def of_theme(idea_id: int | None, theme: Theme) -> Submission | None:
        theme_id, idea = shown.get(idea_id, (None, None))
        return idea if theme_id == theme.id else None

    rows = []
    for theme in themes:
        size, supports, first = figures.get(theme.id, (0, 0, None))
        examples = [idea for i in theme.examples if (idea := of_theme(i, theme))]
        rows.append(ThemeRow(theme, size, supports,
                             of_theme(theme.representative_id, theme) or of_theme(first, theme),
                             examples[:3]))
    rows.sort(key=lambda row: (-row.size, row.theme.id))
    return Overview(run, rows, sum(size for size, _, _ in figures.values()))


LOOSE_PAGE = 50  # ideas per page of the workbench's lists of unsorted and set-aside ideas


@dataclass
class LooseIdeas:
    """The workbench's ideas outside every theme: one page of those no theme of the run fits
    and of those set aside, and how many ideas arrived since the run."""

    unsorted: Page
    set_aside: Page
    new_since_run: int


def loose_ideas(session: Session, consultation: Consultation, overview: Overview,
                unsorted_page: int = 1, aside_page: int = 1) -> LooseIdeas:
    """The ideas no theme of the overview's run fits and those set aside, oldest first,
    `LOOSE_PAGE` at a time, counted by the database."""
    run = overview.run
    aside = _count(session, _set_aside(consultation))
    published = session.scalar(select(func.count(Submission.id)).where(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.PUBLISHED)) or 0
    set_aside = _page(session, _set_aside(consultation), aside, aside_page)
    if run is None:
        return LooseIdeas(Page([], 0, 1, LOOSE_PAGE), set_aside, published - aside)
    unsorted = _count(session, _unsorted(run))
    return LooseIdeas(_page(session, _unsorted(run), unsorted, unsorted_page), set_aside,
                      max(0, published - overview.placed - aside))


def _page(session: Session, statement: Select, total: int, number: int) -> Page:
    number = min(number, max(1, -(-total // LOOSE_PAGE)))
    items = list(session.scalars(statement.order_by(Submission.id)
                                 .offset((number - 1) * LOOSE_PAGE).limit(LOOSE_PAGE)))
    return Page(items, total, number, LOOSE_PAGE)


def _count(session: Session, statement: Select) -> int:
    return session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def _unsorted(run: ClusteringRun) -> Select:
    aside = select(IdeaCuration.submission_id).where(IdeaCuration.set_aside.is_(True))
    return (select(Submission)
            .join(ThemeMembership, ThemeMembership.submission_id == Submission.id)
            .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id.is_(None),
                   Submission.status == SubmissionStatus.PUBLISHED, Submission.id.not_in(aside)))


def _set_aside(consultation: Consultation) -> Select:
    return (select(Submission).join(IdeaCuration, IdeaCuration.submission_id == Submission.id)
            .where(Submission.consultation_id == consultation.id,
                   IdeaCuration.set_aside.is_(True),
                   Submission.status == SubmissionStatus.PUBLISHED))


def theme_ideas(session: Session, theme: Theme) -> list[IdeaRow]:
    """Every idea of ``theme`` in the current run, duplicates folded under their original: for
    services that act on the whole theme; pages show `theme_ideas_page`."""
    run = current_run(session, theme.consultation_id)
    if run is None:
        return []
    statement = (
        select(Submission, IdeaCuration)
        .join(ThemeMembership, ThemeMembership.submission_id == Submission.id)
        .outerjoin(IdeaCuration, IdeaCuration.submission_id == Submission.id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
               Submission.status == SubmissionStatus.PUBLISHED)
        .order_by(Submission.support_count.desc(), Submission.id)
    )
    rows = [IdeaRow(idea, curation) for idea, curation in session.execute(statement)]
    return _fold(rows)


def _fold(rows: list[IdeaRow]) -> list[IdeaRow]:
    by_id = {row.idea.id: row for row in rows}
    kept = []
    for row in rows:
        original = row.curation.duplicate_of_id if row.curation else None
        if original in by_id and original != row.idea.id:
            by_id[original].duplicates.append(row.idea)
        else:
            kept.append(row)
    return kept


THEME_PAGE = 50  # ideas per page of a theme's public page


@dataclass
class ThemeIdeas:
    """One page of a theme's ideas, duplicates folded under their original, and the theme's
    size: every published idea, duplicates included."""

    page: Page
    size: int


def theme_ideas_page(session: Session, theme: Theme, number: int = 1,
                     filters: IdeaFilters | None = None, per_page: int = THEME_PAGE,
                     run: ClusteringRun | None = None) -> ThemeIdeas:
    """The theme's ideas most supported first, `per_page` at a time: counted, paged and
    folded by the database, whatever the theme's size. `filters` narrow the ideas listed (an
    idea's duplicates are folded under it only when they match too); the size stays the
    theme's. The ideas are those of `run`, by default the current run."""
    run = run or current_run(session, theme.consultation_id)
    if run is None:
        return ThemeIdeas(Page([], 0, 1, per_page), 0)
    filters = filters or IdeaFilters()

    def members(idea) -> Select:  # the theme's published ideas (`idea`: Submission or alias)
        return (select(idea.id).join(ThemeMembership, ThemeMembership.submission_id == idea.id)
                .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
                       idea.status == SubmissionStatus.PUBLISHED))

    size = session.scalar(select(func.count()).select_from(members(Submission).subquery())) or 0
    original = aliased(Submission)
    # A copy is folded under its original when that original is listed too: asked only for
    # the few ideas marked as copies, so the database never builds the theme's list twice.
    folded = and_(IdeaCuration.duplicate_of_id.is_not(None),
                  IdeaCuration.duplicate_of_id != Submission.id,
                  filters.narrow(members(original), original)
                  .where(original.id == IdeaCuration.duplicate_of_id).exists())
    originals = filters.narrow(
        select(Submission, IdeaCuration)
        .join(ThemeMembership, ThemeMembership.submission_id == Submission.id)
        .outerjoin(IdeaCuration, IdeaCuration.submission_id == Submission.id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
               Submission.status == SubmissionStatus.PUBLISHED, ~folded))
    total = session.scalar(select(func.count()).select_from(originals.subquery())) or 0
    number = min(number, max(1, -(-total // per_page)))
    rows = [IdeaRow(idea, curation) for idea, curation in session.execute(
        originals.order_by(Submission.support_count.desc(), Submission.id)
        .offset((number - 1) * per_page).limit(per_page))]
    by_id = {row.idea.id: row for row in rows}
    if by_id:
        copies = session.execute(
            select(Submission, IdeaCuration.duplicate_of_id)
            .join(IdeaCuration, IdeaCuration.submission_id == Submission.id)
            .where(Submission.id.in_(filters.narrow(members(Submission))),
                   IdeaCuration.duplicate_of_id.in_(by_id),
                   IdeaCuration.duplicate_of_id != Submission.id)
            .order_by(Submission.support_count.desc(), Submission.id))
        for copy, original in copies:
            by_id[original].duplicates.append(copy)
    return ThemeIdeas(Page(rows, total, number, per_page), size)


def themes_are_public(consultation: Consultation) -> bool:
    return consultation.phase in PUBLIC_PHASES


def showing_run(session: Session, theme: Theme) -> ClusteringRun | None:
    """The run whose ideas a theme's page shows: the current run for a live theme; for a
    theme the current run no longer has, the last run that placed ideas in it."""
    if theme.is_live:
        return current_run(session, theme.consultation_id)
    runs = select(ClusteringRun.id).where(ClusteringRun.consultation_id == theme.consultation_id)
    last = (select(func.max(ThemeMembership.run_id))
            .where(ThemeMembership.run_id.in_(runs), ThemeMembership.theme_id == theme.id)
            .scalar_subquery())
    return session.scalar(select(ClusteringRun).where(ClusteringRun.id == last))


@dataclass
class ThemeFate:
    """What became of a theme: live, merged into another, or left behind by a later run."""

    merged_into: Theme | None = None  # the theme it became, merges followed
    earlier_run: bool = False  # no longer among the current themes, and merged into none


def theme_fate(session: Session, theme: Theme) -> ThemeFate:
    if theme.merged_into_id is not None:
        return ThemeFate(merged_into=resolve_theme(session, theme.id))
    return ThemeFate(earlier_run=not theme.is_live)


@dataclass
class Method:
    """How the themes were made, for anyone to question."""

    run: ClusteringRun
    reviews: dict[str, int]  # curation kind -> how many actions stand


def method(session: Session, consultation: Consultation) -> Method | None:
    run = current_run(session, consultation.id)
    if run is None:
        return None
    kinds = session.scalars(select(CurationAction.kind).where(
        CurationAction.consultation_id == consultation.id, CurationAction.undone_at.is_(None)))
    return Method(run, dict(Counter(kind.value for kind in kinds)))


def recent_runs(session: Session, consultation: Consultation, limit: int = 5
                ) -> list[ClusteringRun]:
    return list(session.scalars(
        select(ClusteringRun).where(ClusteringRun.consultation_id == consultation.id)
        .order_by(ClusteringRun.id.desc()).limit(limit)))


def finished(run: ClusteringRun) -> bool:
    return run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)


def public_theme_of(session: Session, submission: Submission) -> Theme | None:
    """The theme the public sees ``submission`` in, once themes are public."""
    if not themes_are_public(submission.consultation):
        return None
    run = current_run(session, submission.consultation_id)
    if run is None:
        return None
    return session.scalar(
        select(Theme).join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.submission_id == submission.id))


def junk_of(session: Session, run: ClusteringRun | None) -> list[Submission]:
    """The posts ``run`` found to be no idea (consult.nlp.junk) that are still published."""
    ids = (run.parameters or {}).get("junk", []) if run is not None else []
    if not ids:
        return []
    return list(session.scalars(select(Submission).where(
        Submission.id.in_(ids), Submission.status == SubmissionStatus.PUBLISHED)
        .order_by(Submission.id)))

