"""What the workbench and the public theme pages show: sizes, supports, examples, method."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from consult.consultations.models import Consultation, Phase
from consult.core.errors import NotFound
from consult.ideas.models import Submission, SubmissionStatus
from consult.themes.models import (
    ClusteringRun,
    CurationAction,
    IdeaCuration,
    RunStatus,
    Theme,
    ThemeMembership,
)
from consult.themes.state import current_run, live_themes

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
    unsorted: list[Submission]
    new_since_run: int
    set_aside: list[Submission]


def _members(session: Session, run: ClusteringRun) -> dict[int | None, list[Submission]]:
    rows = session.execute(
        select(ThemeMembership.theme_id, Submission)
        .join(Submission, Submission.id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == run.id, Submission.status == SubmissionStatus.PUBLISHED)
        .order_by(Submission.id)
    )
    grouped: dict[int | None, list[Submission]] = defaultdict(list)
    for theme_id, idea in rows:
        grouped[theme_id].append(idea)
    return grouped


def overview(session: Session, consultation: Consultation) -> Overview:
    """The themes of the current run, largest first, and the ideas no theme holds."""
    run = current_run(session, consultation.id)
    aside = _set_aside(session, consultation)
    published = session.scalar(select(func.count(Submission.id)).where(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.PUBLISHED)) or 0
    if run is None:
        return Overview(None, [], [], published - len(aside), aside)
    grouped = _members(session, run)
    aside_ids = {idea.id for idea in aside}
    rows = []
    for theme in live_themes(session, consultation.id):
        ideas = grouped.get(theme.id, [])
        by_id = {idea.id: idea for idea in ideas}
        rows.append(ThemeRow(
            theme, len(ideas), sum(idea.support_count for idea in ideas),
            by_id.get(theme.representative_id) or (ideas[0] if ideas else None),
            [by_id[i] for i in theme.examples if i in by_id][:3],
        ))
    rows.sort(key=lambda row: (-row.size, row.theme.id))
    placed = sum(len(ideas) for ideas in grouped.values())
    unsorted = [idea for idea in grouped.get(None, []) if idea.id not in aside_ids]
    return Overview(run, rows, unsorted, max(0, published - placed - len(aside)), aside)


def _set_aside(session: Session, consultation: Consultation) -> list[Submission]:
    return list(session.scalars(
        select(Submission).join(IdeaCuration, IdeaCuration.submission_id == Submission.id)
        .where(Submission.consultation_id == consultation.id, IdeaCuration.set_aside.is_(True),
               Submission.status == SubmissionStatus.PUBLISHED)
        .order_by(Submission.id)))


@dataclass
class IdeaFilters:
    question_id: int | None = None
    area: str | None = None
    language: str | None = None


def theme_ideas(session: Session, theme: Theme, filters: IdeaFilters | None = None
                ) -> list[IdeaRow]:
    """The ideas of ``theme`` in the current run, duplicates folded under their original."""
    run = current_run(session, theme.consultation_id)
    if run is None:
        return []
    statement = (
        select(Submission, IdeaCuration)
        .join(ThemeMembership, ThemeMembership.submission_id == Submission.id)
        .outerjoin(IdeaCuration, IdeaCuration.submission_id == Submission.id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
               Submission.status == SubmissionStatus.PUBLISHED)
        .options(selectinload(Submission.question))
        .order_by(Submission.support_count.desc(), Submission.id)
    )
    filters = filters or IdeaFilters()
    if filters.question_id:
        statement = statement.where(Submission.question_id == filters.question_id)
    if filters.area:
        statement = statement.where(Submission.area == filters.area)
    if filters.language:
        statement = statement.where(Submission.language == filters.language)
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


def public_theme(session: Session, consultation: Consultation, theme_id: int) -> Theme:
    """A theme the public may see: the consultation is in analysis or answered."""
    theme = session.get(Theme, theme_id)
    if theme is None or theme.consultation_id != consultation.id or not themes_are_public(
            consultation):
        raise NotFound(_l("This theme does not exist or is not public yet."))
    return theme


def themes_are_public(consultation: Consultation) -> bool:
    return consultation.phase in PUBLIC_PHASES


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
