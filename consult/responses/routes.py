"""What the public sees of the answers: "you said, we did", overdue answers per office,
Atom feeds."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _

from consult.consultations import services as consultation_service
from consult.consultations.models import Phase
from consult.consultations.text import localized_all
from consult.extensions import db
from consult.responses import accountability as service
from consult.responses import feeds
from consult.web.atom import atom_response
from consult.web.http_caching import public_page
from consult.web.paging import page_number

bp = Blueprint("accountability", __name__)


@bp.get("/you-said-we-did")
@public_page
def index():
    """Every consultation past its ideas stage, each with its "you said, we did"."""
    closed = [c for c in consultation_service.public_consultations(db.session)
              if c.phase is not Phase.OPEN]
    return render_template("responses/accountability/index.html", consultations=closed,
                           texts=localized_all(closed, str(get_locale())))


@bp.get("/consultations/<int:consultation_id>/you-said-we-did")
@public_page
def report(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    return render_template("responses/accountability/report.html",
                           report=service.you_said_we_did(db.session, consultation))


@bp.get("/consultations/<int:consultation_id>/you-said-we-did/print")
def printable(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    return render_template("responses/accountability/print.html",
                           report=service.you_said_we_did(db.session, consultation))


@bp.get("/consultations/<int:consultation_id>/you-said-we-did/ideas")
@public_page
def ideas(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    args = request.args
    idea_filter = service.parse_filter(db.session, consultation, status=args.get("status"),
                                       theme=args.get("theme"), answered=args.get("answered"))
    return render_template(
        "responses/accountability/ideas.html", consultation=consultation, idea_filter=idea_filter,
        page=service.ideas_behind(db.session, consultation, idea_filter, page_number(args)))


@bp.get("/answers/overdue")
def overdue():
    return render_template("responses/accountability/overdue.html",
                           offices=service.overdue(db.session))


@bp.get("/consultations/<int:consultation_id>/feed.atom")
def consultation_feed(consultation_id: int):
    consultation = consultation_service.get_public(db.session, consultation_id)
    return atom_response(feeds.consultation_items(db.session, consultation),
                         title=_("Updates: %(title)s", title=consultation.title),
                         page=url_for("consultations.show", consultation_id=consultation.id,
                                      _external=True),
                         since=consultation.updated_at)


@bp.get("/commitments/<int:commitment_id>/feed.atom")
def commitment_feed(commitment_id: int):
    commitment = feeds.public_commitment(db.session, commitment_id)
    return atom_response(feeds.commitment_items(db.session, commitment),
                         title=_("Updates: %(title)s", title=commitment.title),
                         page=url_for("plans.commitment", commitment_id=commitment.id,
                                      _external=True),
                         since=commitment.published_at or commitment.created_at)


@bp.app_template_filter("percent")
def _percent(share: float) -> str:
    return format_percent(share)


@bp.app_template_filter("day_count")
def _days(days: float) -> str:
    return format_decimal(round(days, 1))
