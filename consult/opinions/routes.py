"""The public opinion map of a consultation: its groups, common ground and divisions."""

from __future__ import annotations

from flask import Blueprint, render_template

from consult.consultations import services as consultation_service
from consult.extensions import db
from consult.opinions import computing, opinion_map, results
from consult.web.http_caching import public_page

bp = Blueprint("opinions", __name__)


@bp.get("/consultations/<int:consultation_id>/opinions")
@public_page
def show(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    found = results.opinions(db.session, consultation)
    cells = found.run.map_cells if found else []
    return render_template(
        "opinions/show.html", consultation=consultation, opinions=found,
        dots=opinion_map.dots(cells), map_labels=opinion_map.labels(cells),
        colours=opinion_map.COLOURS, size=opinion_map.SIZE, rule=computing.RULE,
        no_groups_message=results.no_groups_message)
