"""What a clustering run changed against the run before it: the ideas it moved between themes
(from → to), and the themes that appeared, grew, shrank or vanished.

Both runs' memberships are kept, so the comparison is read from them. A theme merged since
the earlier run counts as the theme it became: ideas that followed a merge did not move. A
name a facilitator gave is flagged for review when most of its theme's ideas changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session, aliased

from consult.ideas.listing import Page
from consult.ideas.models import Submission
from consult.themes.models import ClusteringRun, IdeaCuration, RunStatus, Theme, ThemeMembership

MOVES_PAGE = 50
NO_THEME = -1  # in comparisons: an idea no theme fitted
MOSTLY_CHANGED = 0.5  # share of a named theme's ideas that were not in it before


@dataclass(frozen=True)
class ThemeChange:
    theme: Theme
    before: int
    after: int
    stayed: int  # ideas in the theme in both runs
    renamed_by_facilitator: bool

    @property
    def kind(self) -> str:
        if not self.before:
            return "appeared"
        if not self.after:
            return "vanished"
        return "grew" if self.after > self.before else "shrank" if self.after < self.before \
            else "same"

    @property
    def name_to_review(self) -> bool:
        """A facilitator's name on a theme most of whose ideas are new to it."""
        return (self.renamed_by_facilitator and self.after > 0
                and (self.after - self.stayed) / self.after > MOSTLY_CHANGED)


@dataclass(frozen=True)
class Move:
    idea: Submission
    before: Theme | None
    after: Theme | None
    pinned: bool  # a facilitator has since kept it where it is


@dataclass(frozen=True)
class RunChanges:
    run: ClusteringRun
    previous: ClusteringRun | None
    themes: list[ThemeChange]
    moves: Page  # of Move


def previous_run(session: Session, run: ClusteringRun) -> ClusteringRun | None:
    """The last run of the consultation that succeeded before `run`."""
    return session.scalar(select(ClusteringRun).where(
        ClusteringRun.consultation_id == run.consultation_id, ClusteringRun.id < run.id,
        ClusteringRun.status == RunStatus.SUCCEEDED).order_by(ClusteringRun.id.desc()).limit(1))


def run_changes(session: Session, run: ClusteringRun, page: int = 1) -> RunChanges:
    """What `run` changed against the run before it; its moves MOVES_PAGE at a time."""
    previous = previous_run(session, run)
    themes = {theme.id: theme for theme in session.scalars(
        select(Theme).where(Theme.consultation_id == run.consultation_id))}
    final = {theme_id: _final(themes, theme_id) for theme_id in themes}
    if previous is None:
        return RunChanges(run, None, [], Page([], 0, 1, MOVES_PAGE))
    return RunChanges(run, previous, _theme_changes(session, run, previous, themes, final),
                      _moves(session, run, previous, themes, final, page))


def _final(themes: dict[int, Theme], theme_id: int) -> int:
    seen: set[int] = set()
    while themes[theme_id].merged_into_id is not None and theme_id not in seen:
        seen.add(theme_id)
        theme_id = themes[theme_id].merged_into_id
    return theme_id


def _pairs(run: ClusteringRun, previous: ClusteringRun, final: dict[int, int]):
    """(new membership, old membership, the old theme as it is now) of ideas in both runs."""
    new, old = aliased(ThemeMembership), aliased(ThemeMembership)
    merged = {theme_id: to for theme_id, to in final.items() if to != theme_id}
    old_theme = case(merged, value=old.theme_id, else_=old.theme_id) if merged else old.theme_id
    joined = (select(new.submission_id).join(old, (old.submission_id == new.submission_id)
                                             & (old.run_id == previous.id))
              .where(new.run_id == run.id))
    return new, old_theme, joined


def _theme_changes(session: Session, run: ClusteringRun, previous: ClusteringRun,
                   themes: dict[int, Theme], final: dict[int, int]) -> list[ThemeChange]:
    after = Counter(dict(session.execute(
        select(ThemeMembership.theme_id, func.count()).where(
            ThemeMembership.run_id == run.id, ThemeMembership.theme_id.is_not(None))
        .group_by(ThemeMembership.theme_id)).all()))
    before: Counter = Counter()
    for theme_id, count in session.execute(
            select(ThemeMembership.theme_id, func.count()).where(
                ThemeMembership.run_id == previous.id, ThemeMembership.theme_id.is_not(None))
            .group_by(ThemeMembership.theme_id)):
        before[final[theme_id]] += count
    new, old_theme, joined = _pairs(run, previous, final)
    stayed = Counter(dict(session.execute(
        joined.with_only_columns(new.theme_id, func.count())
        .where(new.theme_id == old_theme).group_by(new.theme_id)).all()))
    changes = [ThemeChange(themes[theme_id], before[theme_id], after[theme_id],
                           stayed[theme_id], themes[theme_id].named_by_facilitator)
               for theme_id in sorted({*before, *after})]
    return sorted(changes, key=lambda change: (change.kind == "same", -change.after))


def _moves(session: Session, run: ClusteringRun, previous: ClusteringRun,
           themes: dict[int, Theme], final: dict[int, int], page: int) -> Page:
    new, old_theme, joined = _pairs(run, previous, final)
    moved = joined.where(func.coalesce(new.theme_id, NO_THEME)
                         != func.coalesce(old_theme, literal(NO_THEME)))
    total = session.scalar(select(func.count()).select_from(moved.subquery())) or 0
    rows = session.execute(
        moved.with_only_columns(Submission, old_theme, new.theme_id, IdeaCuration.pinned)
        .join(Submission, Submission.id == new.submission_id)
        .outerjoin(IdeaCuration, IdeaCuration.submission_id == new.submission_id)
        .order_by(Submission.id).offset((page - 1) * MOVES_PAGE).limit(MOVES_PAGE)).all()
    items = [Move(idea, themes.get(before), themes.get(after), bool(pinned))
             for idea, before, after, pinned in rows]
    return Page(items, total, page, MOVES_PAGE)
