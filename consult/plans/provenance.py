"""Provenance: the links from a commitment to the themes and ideas behind it, both ways.

Links point at theme ids (which survive re-runs; a merged theme is followed to the theme
that absorbed it) and at submissions (never deleted), so curation never breaks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotFound
from consult.core.user import User
from consult.ideas.listing import Page
from consult.ideas.models import Channel, Submission, SubmissionStatus
from consult.opinions.citing import common_ground_citation
from consult.plans.models import ActionPlan, Commitment, CommitmentStatus, ProvenanceLink
from consult.plans.passages import LinkError, check_passage
from consult.themes.models import ClusteringRun, Theme, ThemeMembership
from consult.themes.state import resolve_theme
from consult.themes.views import public_theme_of, showing_run, theme_ideas_page

NOTE_MAX = 1000


def add_link(session: Session, actor: User, commitment: Commitment, *,
             theme_id: int | None = None, submission_id: int | None = None,
             passage: tuple[int, int] | None = None, note: str = "") -> ProvenanceLink:
    """Link a theme, an idea, or a passage of an idea (character offsets) to a commitment."""
    consultation_id = commitment.plan.consultation_id
    if (theme_id is None) == (submission_id is None):
        raise ConsultError(_l("Link either a theme or an idea."))
    if len(note) > NOTE_MAX:
        raise LinkError(_l("The note must have at most %(n)s characters.", n=NOTE_MAX), "note")
    if theme_id is not None:
        if passage is not None:
            raise LinkError(_l("A passage is part of an idea: give the idea's number."), "idea")
        theme = session.get(Theme, theme_id)
        if theme is None or theme.consultation_id != consultation_id:
            raise LinkError(_l("That theme is not part of this plan's consultation."), "theme")
    citation = None
    if submission_id is not None:
        idea = quotable_idea(session, commitment, submission_id)
        if passage is not None:
            check_passage(idea.text, *passage)
        citation = common_ground_citation(session, idea)
    link = ProvenanceLink(common_ground=citation, commitment_id=commitment.id, theme_id=theme_id,
                          submission_id=submission_id, note=note.strip(),
                          passage_start=passage[0] if passage else None,
                          passage_end=passage[1] if passage else None, created_by_id=actor.id)
    session.add(link)
    events.record(session, actor, "provenance.linked", commitment,
                  {"theme": theme_id, "idea": submission_id,
                   "passage": list(passage) if passage else None,
                   "common_ground": citation})
    return link


def quotable_idea(session: Session, commitment: Commitment, idea_id: int) -> Submission:
    """An idea of the commitment's consultation, which the commitment may link or quote."""
    idea = session.get(Submission, idea_id)
    if idea is None or idea.consultation_id != commitment.plan.consultation_id:
        raise LinkError(_l("That idea is not part of this plan's consultation."), "idea")
    return idea


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
    channels: list[tuple[Channel, int]] = field(default_factory=list)  # how its ideas came


SOURCE_PAGE = 50  # ideas linked one by one, per page of a commitment's page


@dataclass
class Sources:
    """Where a commitment came from, for its page: the passages quoted, its themes, and one
    page of the ideas linked one by one."""

    passages: list[ProvenanceLink] = field(default_factory=list)
    common_ground: list[ProvenanceLink] = field(default_factory=list)
    themes: list[ThemeSource] = field(default_factory=list)
    ideas: Page = field(default_factory=lambda: Page([], 0, 1, SOURCE_PAGE))
    idea_count: int = 0  # distinct ideas linked whole, not only this page's


def sources(session: Session, commitment: Commitment, public: bool = True,
            page: int = 1) -> Sources:
    """The commitment's passages, its themes (merges followed, each with its size and three
    of its ideas) and page `page` of the ideas linked whole: counted and paged by the
    database."""
    result = Sources(passages=passages(session, commitment, public),
                     common_ground=common_ground(session, commitment, public))
    seen_themes: set[int] = set()
    for theme_id, note in session.execute(
            select(ProvenanceLink.theme_id, ProvenanceLink.note).where(
                ProvenanceLink.commitment_id == commitment.id,
                ProvenanceLink.removed_at.is_(None), ProvenanceLink.theme_id.is_not(None))
            .order_by(ProvenanceLink.id)):
        theme = resolve_theme(session, theme_id)
        if theme is None or theme.id in seen_themes:
            continue
        seen_themes.add(theme.id)
        run = showing_run(session, theme)
        first = theme_ideas_page(session, theme, 1, per_page=3, run=run)
        result.themes.append(ThemeSource(theme, first.size,
                                         [row.idea for row in first.page.items], note,
                                         _channels(session, theme, run)))
    result.ideas, result.idea_count = _idea_links(session, commitment, public, page,
                                                  common_ground_apart=True)
    return result


def _channels(session: Session, theme: Theme, run: ClusteringRun | None
              ) -> list[tuple[Channel, int]]:
    """How the theme's published ideas in ``run`` reached the consultation, most first."""
    if run is None:
        return []
    count = func.count(Submission.id)
    return [(channel, number) for channel, number in session.execute(
        select(Submission.channel, count)
        .join(ThemeMembership, ThemeMembership.submission_id == Submission.id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
               Submission.status == SubmissionStatus.PUBLISHED)
        .group_by(Submission.channel).order_by(count.desc(), Submission.channel))]


def _links_to_ideas(commitment: Commitment, public: bool, quoted: bool) -> Select:
    """The commitment's links to passages (`quoted`) or to whole ideas."""
    passage = ProvenanceLink.passage_start
    links = (select(ProvenanceLink)
             .join(Submission, Submission.id == ProvenanceLink.submission_id)
             .where(ProvenanceLink.commitment_id == commitment.id,
                    ProvenanceLink.removed_at.is_(None),
                    passage.is_not(None) if quoted else passage.is_(None)))
    if public:
        links = links.where(Submission.status == SubmissionStatus.PUBLISHED)
    return links


def passages(session: Session, commitment: Commitment, public: bool = True
             ) -> list[ProvenanceLink]:
    """Every passage quoted, oldest first: each is chosen by hand, so they are few."""
    return list(session.scalars(_links_to_ideas(commitment, public, quoted=True)
                                .options(contains_eager(ProvenanceLink.submission))
                                .order_by(ProvenanceLink.id)))


def common_ground(session: Session, commitment: Commitment, public: bool = True,
                  limit: int = 20) -> list[ProvenanceLink]:
    """The ideas cited as common ground across the opinion groups, the broadest first."""
    links = (select(ProvenanceLink).join(Submission, Submission.id == ProvenanceLink.submission_id)
             .where(ProvenanceLink.commitment_id == commitment.id,
                    ProvenanceLink.removed_at.is_(None),
                    ProvenanceLink.common_ground.is_not(None))
             .options(contains_eager(ProvenanceLink.submission))
             .order_by(ProvenanceLink.id).limit(limit))
    if public:
        links = links.where(Submission.status == SubmissionStatus.PUBLISHED)
    return list(session.scalars(links))


def _idea_links(session: Session, commitment: Commitment, public: bool,
                page: int, common_ground_apart: bool = False) -> tuple[Page, int]:
    """Page `page` of the commitment's links to whole ideas, oldest first, and how many
    distinct ideas they name; without those cited as common ground if they are listed apart."""
    links = _links_to_ideas(commitment, public, quoted=False)
    if common_ground_apart:
        links = links.where(ProvenanceLink.common_ground.is_(None))
    listed = links.subquery()
    total, distinct = session.execute(select(
        func.count(), func.count(func.distinct(listed.c.submission_id)))).one()
    page = min(page, max(1, -(-total // SOURCE_PAGE)))
    items = list(session.scalars(links.options(contains_eager(ProvenanceLink.submission))
                                 .order_by(ProvenanceLink.id)
                                 .offset((page - 1) * SOURCE_PAGE).limit(SOURCE_PAGE)))
    return Page(items, total, page, SOURCE_PAGE), distinct


@dataclass
class EditorLinks:
    """The editor's list of links: passages first, then themes, then a page of ideas."""

    passages: list[ProvenanceLink]
    themes: list[ProvenanceLink]
    ideas: Page


def links_page(session: Session, commitment: Commitment, page: int = 1) -> EditorLinks:
    """For the editor: every passage and theme link, and page `page` of the links to whole
    ideas, whatever the ideas' state."""
    themes = list(session.scalars(select(ProvenanceLink).where(
        ProvenanceLink.commitment_id == commitment.id, ProvenanceLink.removed_at.is_(None),
        ProvenanceLink.theme_id.is_not(None)).order_by(ProvenanceLink.id)))
    return EditorLinks(passages(session, commitment, public=False), themes,
                       _idea_links(session, commitment, False, page)[0])


def commitments_of(session: Session, submission: Submission, public: bool = True
                   ) -> list[Commitment]:
    """The commitments an idea fed: linked directly, or through its theme (merges followed)."""
    theme = public_theme_of(session, submission) if public else None
    theme_ids = themes_leading_to(session, theme) if theme else set()
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


def themes_leading_to(session: Session, theme: Theme) -> set[int]:
    """``theme`` and every theme merged into it, directly or through others."""
    found, frontier = {theme.id}, [theme.id]
    while frontier:
        merged = session.scalars(select(Theme.id).where(Theme.merged_into_id.in_(frontier))).all()
        frontier = [theme_id for theme_id in merged if theme_id not in found]
        found.update(frontier)
    return found
