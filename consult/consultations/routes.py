"""Public consultation pages, and their themes once the ideas are being analysed."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from consult.consultations import journey_page
from consult.consultations import services as consultation_service
from consult.consultations.text import localized, localized_all
from consult.core.errors import NotFound
from consult.extensions import db
from consult.ideas import listing
from consult.opinions import results as opinion_results
from consult.plans import theme_page
from consult.responses import answers
from consult.themes import subtheme_views
from consult.themes import views as theme_views
from consult.web.http_caching import public_page
from consult.web.paging import page_number

bp = Blueprint("consultations", __name__, url_prefix="/consultations")


@bp.get("/")
@public_page
def index():
    listed = consultation_service.public_consultations(db.session)
    return render_template("consultations/index.html", consultations=listed,
                           texts=localized_all(listed, str(get_locale())))


@bp.get("/<int:consultation_id>")
@public_page
def show(consultation_id: int):
    consultation, counts = listing.public_consultation_with_count(db.session, consultation_id)
    return render_template(
        "consultations/show.html", consultation=consultation, submission_count=counts,
        text=localized(consultation, str(get_locale())),
        stages=journey_page.stages(db.session, consultation),
        themes_public=theme_views.themes_are_public(consultation),
    )



# --- the public theme pages, once a consultation is being analysed -----------------------------

def _public_consultation(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    if not theme_views.themes_are_public(consultation):
        raise NotFound(_l("The themes of this consultation are not public yet."))
    return consultation


@bp.get("/<int:consultation_id>/themes")
@public_page
def themes(consultation_id: int):
    consultation = _public_consultation(consultation_id)
    overview = theme_views.overview(db.session, consultation)
    return render_template(
        "themes/index.html", consultation=consultation, overview=overview,
        subtheme_names=subtheme_views.names_by_theme(db.session, overview.run),
        method=theme_views.method(db.session, consultation))


@bp.get("/<int:consultation_id>/themes/<int:theme_id>")
@public_page
def theme(consultation_id: int, theme_id: int):
    shown = theme_page.theme_page(db.session, consultation_id, theme_id,
                                  page_number(request.args))
    if shown.follow is not None:  # merged: follow it, links never break
        return redirect(url_for(".theme", consultation_id=consultation_id,
                                theme_id=shown.follow.id), 301)
    rows = shown.ideas.page.items
    return render_template(
        "themes/show.html", consultation=shown.consultation, theme=shown.theme,
        fate=shown.fate, fed=shown.fed, themes_public=shown.themes_public, ideas=rows,
        page=shown.ideas.page, size=shown.ideas.size,
        method=theme_views.method(db.session, shown.consultation),
        answer=answers.answer_record(db.session, theme_id=shown.theme.id),
        opinions=opinion_results.theme_opinions(db.session, shown.theme),
        subthemes=subtheme_views.subthemes_of(db.session, shown.theme, shown.run),
        idea_answers=answers.standing_for_ideas(db.session, [row.idea.id for row in rows]))
