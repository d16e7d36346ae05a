"""Public consultation pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import get_locale

from consult.extensions import db
from consult.services import consultations as consultation_service
from consult.services import journey
from consult.services.consultation_text import localized, localized_all

bp = Blueprint("consultations", __name__, url_prefix="/consultations")


@bp.get("/")
def index():
    listed = consultation_service.public_consultations(db.session)
    return render_template("consultations/index.html", consultations=listed,
                           texts=localized_all(listed, str(get_locale())))


@bp.get("/<int:consultation_id>")
def show(consultation_id: int):
    consultation, counts = consultation_service.get_public_with_count(db.session, consultation_id)
    return render_template(
        "consultations/show.html", consultation=consultation, submission_count=counts,
        text=localized(consultation, str(get_locale())),
        stages=journey.stages(db.session, consultation),
    )


# The public theme pages register themselves on `bp` when imported.
from consult.routes import public_themes  # noqa: E402, F401
