"""Residents' voting: agree, disagree or pass on an idea, on its page or one idea at a time.

Without JavaScript each vote is a form post answered by a redirect; with htmx the same post
answers with the part of the page it changes (the next idea, or the idea's vote box).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _

from consult.consultations import services as consultation_service
from consult.core.errors import ConsultError
from consult.extensions import db
from consult.ideas import participation
from consult.ideas import submitting as ideas
from consult.ideas.page import idea_page_context
from consult.opinions import voting
from consult.web.htmx import is_fragment_request, render_page_or_block

bp = Blueprint("opinion_votes", __name__)


def _voter() -> tuple[voting.Voter, str | None]:
    key, new_token = participation.supporter()
    return voting.Voter(participation.account(), key), new_token


def _vote_page(consultation, voter: voting.Voter, status: int = 200, **context):
    return render_page_or_block(
        "opinions/vote.html", "voting", status=status, consultation=consultation,
        submission=voting.next_idea(db.session, consultation, voter),
        progress=voting.progress(db.session, consultation, voter),
        voting_open=voting.is_voting_open(consultation), **context)


@bp.get("/consultations/<int:consultation_id>/vote")
def vote_mode(consultation_id: int):
    """One idea at a time, the fewest votes first."""
    consultation = consultation_service.get_public(db.session, consultation_id)
    voter, new_token = _voter()
    response = _vote_page(consultation, voter)
    response.headers["Cache-Control"] = "private, no-store"
    return participation.remember_supporter(response, new_token)


@bp.post("/consultations/<int:consultation_id>/ideas/<int:submission_id>/vote")
def vote(consultation_id: int, submission_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    submission = ideas.get_visible(db.session, submission_id)
    voter, new_token = _voter()
    from_vote_mode = request.form.get("from") == "vote-mode"
    try:
        stance = voting.stance_of(request.form.get("stance"))
        voting.cast_vote(db.session, submission, voter, stance, consultation)
    except ConsultError as error:
        db.session.rollback()
        response = _refused(consultation, submission, voter, from_vote_mode, error)
        return participation.remember_supporter(response, new_token)
    db.session.commit()
    done = _("Your vote is saved. You can change it at any time.")
    if is_fragment_request():
        response = (_vote_page(consultation, voter, vote_message=done) if from_vote_mode else
                    _idea_vote_box(submission, voter, vote_message=done))
    else:
        flash(done, "success")
        target = (url_for("opinion_votes.vote_mode", consultation_id=consultation.id)
                  if from_vote_mode else
                  url_for("submissions.show", submission_id=submission.id) + "#vote")
        response = redirect(target)
    return participation.remember_supporter(response, new_token)


def _refused(consultation, submission, voter, from_vote_mode: bool, error: ConsultError):
    if from_vote_mode:
        return _vote_page(consultation, voter, status=error.status,
                          vote_message=str(error.message), vote_refused=True)
    return _idea_vote_box(submission, voter, status=error.status,
                          vote_message=str(error.message), vote_refused=True)


def _idea_vote_box(submission, voter: voting.Voter, status: int = 200, **context):
    page = idea_page_context(submission, voter.key)
    page.update(context)
    return render_page_or_block("ideas/show.html", "vote", status=status, **page)
