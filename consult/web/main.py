"""Home page, language switcher and health check."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import text

from consult.consultations import services as consultation_service
from consult.consultations.text import localized_all
from consult.extensions import db
from consult.i18n import LOCALE_COOKIE, supported_locales
from consult.web.errors import render_error
from consult.web.http_caching import public_page
from consult.web.outage import RETRY_AFTER_SECONDS
from consult.web.safety import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
@public_page
def home():
    listed = consultation_service.public_consultations(db.session)
    return render_template("main/home.html", consultations=listed,
                           texts=localized_all(listed, str(get_locale())))


@bp.get("/language/<code>")
def set_language(code: str):
    """Works without JavaScript: a plain link per language, remembered in a cookie."""
    if code not in supported_locales():
        return render_error(400, _("This language is not available."))
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(
        LOCALE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        db.session.rollback()
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return {"status": "unavailable", "database": "unreachable"}, 503, retry
    return {"status": "ok", "database": "ok"}
