"""Published ideas, with their support, their votes and, once themes are public, their theme."""

from __future__ import annotations

from functools import partial

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from consult.api.operations import With, read
from consult.api.pagination import Listing
from consult.api.read import public
from consult.api.schemas.ideas import IdeaSchema
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.ideas.models import Submission
from consult.opinions.models import OpinionVote, Stance
from consult.themes.models import ThemeMembership
from consult.themes.state import current_run
from consult.themes.views import themes_are_public

bp = Blueprint("ideas", __name__)


def _votes(ids: list[int]) -> dict[int, dict[str, int]]:
    """Idea id → its votes by stance, counted by the database."""
    counted = {idea_id: {"agree": 0, "disagree": 0, "passed": 0} for idea_id in ids}
    names = {Stance.AGREE: "agree", Stance.DISAGREE: "disagree", Stance.PASS: "passed"}
    for idea_id, stance, votes in db.session.execute(
            select(OpinionVote.submission_id, OpinionVote.stance, func.count(OpinionVote.id))
            .where(OpinionVote.submission_id.in_(ids))
            .group_by(OpinionVote.submission_id, OpinionVote.stance)):
        counted[idea_id][names[stance]] = votes
    return counted


def _themes(consultation: Consultation, ids: list[int]) -> dict[int, int | None]:
    """Idea id → the theme the public sees it in (none before themes are public)."""
    run = current_run(db.session, consultation.id) if themes_are_public(consultation) else None
    if run is None:
        return {}
    return dict(db.session.execute(
        select(ThemeMembership.submission_id, ThemeMembership.theme_id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.submission_id.in_(ids))).all())


def with_figures(consultation: Consultation, ideas: list[Submission]) -> list[With]:
    """A page of one consultation's ideas with their votes and themes, in two queries."""
    ids = [idea.id for idea in ideas]
    votes, themes = _votes(ids), _themes(consultation, ids)
    return [With(idea, votes=votes[idea.id], theme_id=themes.get(idea.id)) for idea in ideas]


@bp.get("/consultations/<int:consultation_id>/ideas")
@read(IdeaSchema, _l("The ideas of a consultation"),
      _l("Its published ideas, oldest first, with their support and votes. Ideas waiting for "
         "moderation, hidden by a moderator or withdrawn by their author are never listed; "
         "neither is anything that would say who wrote an idea."), paged=True)
def index(consultation_id: int) -> Listing:
    consultation = public.public_consultation(db.session, consultation_id)
    return Listing(public.published_ideas(consultation.id), Submission.id,
                   annotate=partial(with_figures, consultation))


@bp.get("/ideas/<int:submission_id>")
@read(IdeaSchema, _l("An idea"), _l("One published idea, with its support and votes."))
def show(submission_id: int) -> With:
    idea = public.published_idea(db.session, submission_id)
    return with_figures(idea.consultation, [idea])[0]
