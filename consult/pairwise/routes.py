"""Residents' pages of a pairwise round: two items and three buttons, then the results.

Without JavaScript each answer is a form post answered by a redirect to the next pair; with
htmx the same post answers with the pair box alone (the `pair` block of the same template).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations import services as consultation_service
from consult.consultations.models import Consultation
from consult.core.errors import ConsultError, NotFound
from consult.core.permissions import can
from consult.extensions import db, limiter
from consult.ideas import participation
from consult.opinions.voting import Voter
from consult.pairwise import results, rounds, voting
from consult.pairwise.models import PairwiseRound
from consult.themes.views import themes_are_public
from consult.web.htmx import is_fragment_request, render_page_or_block
from consult.web.http_caching import public_page

bp = Blueprint("pairwise", __name__)


@bp.app_template_global("open_pairwise_round")
def open_pairwise_round(consultation: Consultation) -> PairwiseRound | None:
    """The round a consultation's public page links to: open, in a phase that takes answers."""
    found = rounds.open_round_of(db.session, consultation)
    return found if found is not None and rounds.is_taking_answers(found, consultation) else None


def _voter() -> tuple[Voter, str | None]:
    key, new_token = participation.supporter()
    return Voter(participation.account(), key), new_token


def _page(consultation: Consultation, round_: PairwiseRound, voter: Voter, status: int = 200,
          **context):
    """The page (or its pair box): the pair is chosen, and recorded, before rendering."""
    pair = voting.current_pair(db.session, round_, consultation, voter)
    answered = voting.answered_by(db.session, round_, voter)
    db.session.commit()
    response = render_page_or_block(
        "pairwise/compare.html", "pair", status=status, consultation=consultation,
        round=round_, question=rounds.question_of(round_), pair=pair, answered=answered,
        taking_answers=rounds.is_taking_answers(round_, consultation), **context)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/consultations/<int:consultation_id>/pairwise")
def compare(consultation_id: int):
    """Two items, the fewest compared and closest first (consult.pairwise.pairing)."""
    consultation = consultation_service.get_public(db.session, consultation_id)
    round_ = rounds.shown_round(db.session, consultation)
    voter, new_token = _voter()
    return participation.remember_supporter(_page(consultation, round_, voter), new_token)


@bp.post("/consultations/<int:consultation_id>/pairwise/<int:round_id>/answers")
@limiter.limit(lambda: current_app.config["RATELIMIT_VOTE"])
def answer(consultation_id: int, round_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    round_ = rounds.get_round(db.session, consultation, round_id)
    voter, new_token = _voter()
    try:
        given = voting.answer(db.session, round_, consultation, voter,
                              request.form.get("token"), request.form.get("choice"))
    except ConsultError as error:
        db.session.rollback()
        response = _page(consultation, round_, voter, status=error.status,
                         message=str(error.message), refused=True)
        return participation.remember_supporter(response, new_token)
    db.session.commit()
    done = (_("Your answer was already saved.") if not given.stored else
            _("Saved: you could not decide. Here is another pair.") if given.undecided else
            _("Saved. Here is another pair."))
    if is_fragment_request():
        response = _page(consultation, round_, voter, message=done)
    else:
        flash(done, "success")
        response = redirect(url_for(".compare", consultation_id=consultation.id))
    return participation.remember_supporter(response, new_token)


def _visible_round(consultation_id: int, round_id: int) -> tuple[Consultation, PairwiseRound]:
    """Published results are public; staff who read drafts see them before."""
    staff = can(current_user, "drafts.read")
    consultation = (db.session.get(Consultation, consultation_id) if staff else
                    consultation_service.get_public(db.session, consultation_id))
    if consultation is None:
        raise NotFound(_("This consultation does not exist or is not public yet."))
    round_ = rounds.get_round(db.session, consultation, round_id)
    if round_.published_at is None and not staff:
        raise NotFound(_("The results of this question are not public yet."))
    return consultation, round_


@bp.get("/consultations/<int:consultation_id>/pairwise/<int:round_id>/results")
@public_page
def show_results(consultation_id: int, round_id: int):
    consultation, round_ = _visible_round(consultation_id, round_id)
    return render_template(
        "pairwise/results.html", consultation=consultation, round=round_,
        question=rounds.question_of(round_), results=results.round_results(db.session, round_),
        taking_answers=rounds.is_taking_answers(round_, consultation),
        themes_public=themes_are_public(consultation))
