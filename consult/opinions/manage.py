"""Facilitators compute a consultation's opinion groups and follow the runs."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from consult.consultations.models import Consultation
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.opinions import computing, results
from consult.web.actions import current_actor, run_action

bp = Blueprint("facilitate_opinions", __name__, url_prefix="/facilitate")


def _page(consultation: Consultation, error: str | None = None, status: int = 200):
    return render_template(
        "opinions/manage.html", consultation=consultation, error=error,
        runs=computing.recent_runs(db.session, consultation),
        current=results.current_run(db.session, consultation.id),
        votes=computing.vote_count(db.session, consultation),
        no_groups_message=results.no_groups_message,
        run_form=FlaskForm(formdata=None)), status


@bp.get("/consultations/<int:consultation_id>/opinions")
@permission_required("theme.curate")
def runs(consultation_id: int):
    return _page(db.get_or_404(Consultation, consultation_id))


@bp.post("/consultations/<int:consultation_id>/opinion-runs")
@permission_required("theme.curate")
def start_run(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    return run_action(
        FlaskForm(), lambda: computing.request_run(db.session, current_actor(), consultation),
        done=_("The opinion groups are being computed. This page shows the run."),
        back=url_for(".runs", consultation_id=consultation.id),
        page=lambda **shown: _page(consultation, **shown))
