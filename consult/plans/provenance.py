"""Provenance: the links from a commitment to the themes and ideas behind it, both ways.

Links point at theme ids (which survive re-runs; a merged theme is followed to the theme
that absorbed it) and at submissions (never deleted), so curation never breaks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotFound
from consult.core.user import User
from consult.ideas.models import Submission, SubmissionStatus
from consult.plans.models import ActionPlan, Commitment, CommitmentStatus, ProvenanceLink
from consult.themes.models import Theme
from consult.themes.state import resolve_theme
from consult.themes.views import public_theme_of, theme_ideas

NOTE_MAX = 1000


def add_link(session: Session, actor: User, commitment: Commitment, *,
             theme_id: int | None = None, submission_id: int | None = None,
             passage: tuple[int, int] | None = None, note: str = "") -> ProvenanceLink:
    """Link a theme, an idea, or a passage of an idea (character offsets) to a commitment."""
    consultation_id = commitment.plan.consultation_id
    if (theme_id is None) == (submission_id is None):
        raise ConsultError(_l("Link either a theme or an idea."))
    if len(note) > NOTE_MAX:
        raise ConsultError(_l("The note must have at most %(n)s characters.", n=NOTE_MAX))
    if theme_id is not None:
        theme = session.get(Theme, theme_id)
        if theme is None or theme.consultation_id != consultation_id:
            raise ConsultError(_l("That theme is not part of this plan's consultation."))
    else:
        idea = session.get(Submission, submission_id)
        if idea is None or idea.consultation_id != consultation_id:
            raise ConsultError(_l("That idea is not part of this plan's consultation."))
        if passage is not None:
            start, end = passage
            if not 0 <= start < end <= len(idea.text):
                raise ConsultError(_l("The passage must lie within the idea's %(n)s characters.",
                                      n=len(idea.text)))
    link = ProvenanceLink(commitment_id=commitment.id, theme_id=theme_id,
                          submission_id=submission_id, note=note.strip(),
                          passage_start=passage[0] if passage else None,
                          passage_end=passage[1] if passage else None, created_by_id=actor.id)
    session.add(link)
    events.record(session, actor, "provenance.linked", commitment,
                  {"theme": theme_id, "idea": submission_id,
                   "passage": list(passage) if passage else None})
    return link


def remove_link(session: Session, actor: User, link: ProvenanceLink) -> None:
    """Take a link off the commitment; the row stays, for the record."""
    if link.removed_at is not None:
        raise NotFound(_l("This link was already removed."))
    link.removed_at = utcnow()
    events.record(session, actor, "provenance.unlinked", link.commitment,
                  {"link": link.id, "theme": link.theme_id, "idea": link.submission_id})


# --- reading ---------------------------------------------------------------------------------

@dataclass
class ThemeSource:
    theme: Theme  # the live theme the link leads to (merges followed)
    ideas: int
    quoted: list[Submission]
    note: str = ""


@dataclass
class Sources:
    """Where a commitment came from, for its public page."""

    themes: list[ThemeSource] = field(default_factory=list)
    ideas: list[ProvenanceLink] = field(default_factory=list)  # direct idea and passage links
    idea_count: int = 0


def sources(session: Session, commitment: Commitment, public: bool = True) -> Sources:
    links = session.scalars(select(ProvenanceLink).where(
        ProvenanceLink.commitment_id == commitment.id, ProvenanceLink.removed_at.is_(None))
        .order_by(ProvenanceLink.id)).all()
    result = Sources()
    seen_themes: set[int] = set()
    for link in links:
        if link.theme_id is not None:
            theme = resolve_theme(session, link.theme_id)
            if theme is None or theme.id in seen_themes:
                continue
            seen_themes.add(theme.id)
            rows = theme_ideas(session, theme)
            result.themes.append(ThemeSource(
                theme, sum(1 + len(r.duplicates) for r in rows), [r.idea for r in rows[:3]],
                link.note))
        elif not public or link.submission.status is SubmissionStatus.PUBLISHED:
            result.ideas.append(link)
    result.idea_count = len({link.submission_id for link in result.ideas})
    return result


def commitments_of(session: Session, submission: Submission, public: bool = True
                   ) -> list[Commitment]:
    """The commitments an idea fed: linked directly, or through its theme (merges followed)."""
    theme = public_theme_of(session, submission) if public else None
    theme_ids = _theme_ids_leading_to(session, theme) if theme else set()
    conditions = [ProvenanceLink.submission_id == submission.id]
    if theme_ids:
        conditions.append(ProvenanceLink.theme_id.in_(theme_ids))
    statement = (
        select(Commitment).join(ProvenanceLink, ProvenanceLink.commitment_id == Commitment.id)
        .join(ActionPlan, ActionPlan.id == Commitment.plan_id)
        .where(or_(*conditions), ProvenanceLink.removed_at.is_(None))
        .order_by(Commitment.plan_id, Commitment.position).distinct()
    )
    if public:
        statement = statement.where(Commitment.status == CommitmentStatus.PUBLISHED,
                                    ActionPlan.published_at.is_not(None))
    return list(session.scalars(statement))


def _theme_ids_leading_to(session: Session, theme: Theme) -> set[int]:
    """``theme`` and every theme merged into it, directly or through others."""
    found, frontier = {theme.id}, [theme.id]
    while frontier:
        merged = session.scalars(select(Theme.id).where(Theme.merged_into_id.in_(frontier))).all()
        frontier = [theme_id for theme_id in merged if theme_id not in found]
        found.update(frontier)
    return found
