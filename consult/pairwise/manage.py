"""Facilitators open a consultation's pairwise round, close it and publish its results."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _

from consult.consultations.models import Consultation
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas.forms import EmptyForm
from consult.pairwise import results, rounds
from consult.pairwise.forms import OpenRoundForm
from consult.pairwise.models import PairwiseRound, Subject
from consult.web.actions import current_actor, run_action

bp = Blueprint("facilitate_pairwise", __name__, url_prefix="/facilitate")


def _page(consultation: Consultation, form: OpenRoundForm | None = None,
          error: str | None = None, status: int = 200):
    listed = rounds.rounds_of(db.session, consultation)
    return render_template(
        "pairwise/manage/rounds.html", consultation=consultation, rounds=listed,
        answers={r.id: results.answer_count(db.session, r) for r in listed},
        question_of=rounds.question_of, open_form=form or OpenRoundForm(formdata=None),
        error=error,
        can_open=consultation.phase in rounds.PAIRWISE_PHASES), status


def _round(round_id: int) -> PairwiseRound:
    return db.get_or_404(PairwiseRound, round_id)


def _back(consultation_id: int) -> str:
    return url_for(".index", consultation_id=consultation_id)


@bp.get("/consultations/<int:consultation_id>/pairwise")
@permission_required("consultation.manage")
def index(consultation_id: int):
    return _page(db.get_or_404(Consultation, consultation_id))


@bp.post("/consultations/<int:consultation_id>/pairwise")
@permission_required("consultation.manage")
def open_round(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    form = OpenRoundForm()
    return run_action(
        form, lambda: rounds.open_round(db.session, current_actor(), consultation,
                                        Subject(form.subject.data), form.question.data or ""),
        done=_("The question is open: residents can compare from the consultation's page."),
        back=_back(consultation.id), page=lambda **shown: _page(consultation, form, **shown))


@bp.post("/pairwise-rounds/<int:round_id>/close")
@permission_required("consultation.manage")
def close_round(round_id: int):
    round_ = _round(round_id)
    return run_action(
        EmptyForm(), lambda: rounds.close_round(db.session, current_actor(), round_),
        done=_("The question is closed: it takes no more answers."),
        back=_back(round_.consultation_id),
        page=lambda **shown: _page(round_.consultation, **shown))


@bp.post("/pairwise-rounds/<int:round_id>/publish")
@permission_required("consultation.manage")
def publish_round(round_id: int):
    round_ = _round(round_id)
    return run_action(
        EmptyForm(), lambda: rounds.publish_round(db.session, current_actor(), round_),
        done=_("The results are public."), back=_back(round_.consultation_id),
        page=lambda **shown: _page(round_.consultation, **shown))
