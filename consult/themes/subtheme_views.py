"""A theme's sub-themes as the pages list them, counted by the database; and their renaming."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.errors import ConsultError, NotFound
from consult.core.user import User
from consult.ideas.models import Submission, SubmissionStatus
from consult.themes.models import ClusteringRun, IdeaCuration, Theme, ThemeMembership
from consult.themes.state import current_run
from consult.themes.subtheme_model import Subtheme

NAME_LENGTH = 200


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


def rename_subtheme(session: Session, actor: User, subtheme: Subtheme, label: str) -> None:
    """Name a sub-theme; the name stays over every re-run while the sub-theme does."""
    label = " ".join(label.split())
    if not label:
        raise ConsultError(_l("Give the sub-theme a name."))
    if len(label) > NAME_LENGTH:
        raise ConsultError(_l("A name must have at most %(n)s characters.", n=NAME_LENGTH))
    if subtheme.retired_at is not None:
        raise NotFound(_l("This sub-theme is no longer in the current run."))
    before = subtheme.label
    subtheme.label, subtheme.named_by_facilitator = label, True
    events.record(session, actor, "subtheme.renamed", subtheme,
                  {"theme": subtheme.theme_id, "from": before, "to": label})


def move_to_subtheme(session: Session, actor: User, subtheme: Subtheme,
                     submission_id: int | None) -> None:
    """Put an idea of the sub-theme's theme in that sub-theme, now and after every re-run."""
    if subtheme.retired_at is not None:
        raise NotFound(_l("This sub-theme is no longer in the current run."))
    run = current_run(session, subtheme.theme.consultation_id)
    membership = None if run is None or submission_id is None else session.scalar(
        select(ThemeMembership).where(ThemeMembership.run_id == run.id,
                                      ThemeMembership.submission_id == submission_id))
    if membership is None or membership.theme_id != subtheme.theme_id:
        raise ConsultError(_l("Idea %(id)s is not in this theme: move it to the theme first.",
                              id=submission_id or "?"))
    before = membership.subtheme_id
    membership.subtheme_id = subtheme.id
    curation = session.get(IdeaCuration, submission_id)
    if curation is None:
        curation = IdeaCuration(submission_id=submission_id)
        session.add(curation)
    curation.placed_in_subtheme_id = subtheme.id
    events.record(session, actor, "subtheme.idea_moved", subtheme,
                  {"idea": submission_id, "from": before, "to": subtheme.id})

