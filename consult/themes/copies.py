"""Suggested copies in a theme: pairs of its ideas so close in meaning that one is probably a
copy of the other, for a facilitator to confirm in one click (or to leave).

Ideas are compared with the cached vectors of the consultation's index (the one the lookups
use); an idea in another language than the other is a copy from a lower similarity, as a
translation scores below a copy in the same language.

A page holds COPIES_PAGE of the theme's ideas, oldest first, each compared with every
other idea of the theme: a pair shows on the page of its newer idea, the older being offered
as the original, so each pair shows once. Ideas already folded under an original are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.ideas.listing import Page
from consult.ideas.models import Submission, SubmissionStatus
from consult.nlp.duplicates import CROSS_LANGUAGE_DUPLICATE_SIMILARITY, DUPLICATE_SIMILARITY
from consult.themes.models import IdeaCuration, Theme, ThemeMembership
from consult.themes.similar import consultation_index
from consult.themes.state import current_run

COPIES_PAGE = 50


@dataclass(frozen=True)
class SuggestedCopy:
    original: Submission
    copy: Submission
    similarity: float


def suggested_copies(session: Session, theme: Theme, number: int = 1) -> tuple[Page, list]:
    """(the page of the theme's ideas compared, the suggested copies among them)."""
    members = _members(session, theme)
    page = Page(members[(number - 1) * COPIES_PAGE:number * COPIES_PAGE], len(members), number,
                COPIES_PAGE)
    index = consultation_index(session, theme.consultation_id)
    if index is None or not page.items:
        return page, []
    position = {idea_id: row for row, idea_id in enumerate(index.ids)}
    theme_ids = [idea_id for idea_id in members if idea_id in position]
    shown = [idea_id for idea_id in page.items if idea_id in position]
    if not theme_ids or not shown:
        return page, []
    scores = index.vectors[[position[i] for i in shown]] @ index.vectors[
        [position[i] for i in theme_ids]].T
    language = _language_of(index, position)
    pairs = []
    for row, copy_id in enumerate(shown):
        best = int(np.argmax(np.where(np.array(theme_ids) < copy_id, scores[row], -1.0)))
        original = theme_ids[best]
        if original < copy_id and scores[row, best] >= _threshold(language(original),
                                                                   language(copy_id)):
            pairs.append((original, copy_id, float(scores[row, best])))
    ideas = {idea.id: idea for idea in session.scalars(select(Submission).where(
        Submission.id.in_({i for pair in pairs for i in pair[:2]})))}
    return page, [SuggestedCopy(ideas[original], ideas[copy], similarity)
                  for original, copy, similarity in pairs]


def _language_of(index, position: dict[int, int]):
    """Each idea's language as the index knows it (None when it does not)."""
    languages = getattr(index, "languages", None)
    return lambda idea_id: languages[position[idea_id]] if languages else None


def _threshold(one: str | None, other: str | None) -> float:
    """A translation scores below a copy in the same language (consult.nlp.duplicates)."""
    if one and other and one != other:
        return CROSS_LANGUAGE_DUPLICATE_SIMILARITY
    return DUPLICATE_SIMILARITY


def _members(session: Session, theme: Theme) -> list[int]:
    """Ids of the theme's published ideas not folded under another, oldest first."""
    run = current_run(session, theme.consultation_id)
    if run is None:
        return []
    folded = select(IdeaCuration.submission_id).where(IdeaCuration.duplicate_of_id.is_not(None))
    return list(session.scalars(
        select(ThemeMembership.submission_id)
        .join(Submission, Submission.id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
               Submission.status == SubmissionStatus.PUBLISHED,
               ThemeMembership.submission_id.not_in(folded))
        .order_by(ThemeMembership.submission_id)))
