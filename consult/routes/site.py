"""What makes the site the organisation's: its logo, its colour, and its pages (privacy,
accessibility, terms)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_babel import gettext as _

from consult.extensions import db
from consult.services.organisation_settings import PAGES
from consult.web.organisations import current_organisation, current_site

bp = Blueprint("site", __name__)
# The URL of the logo and of the colour changes with them (?v=…): cached a year.
CACHED = {"Cache-Control": "public, max-age=31536000, immutable"}


@bp.get("/organisation/logo")
def logo():
    organisation = current_organisation(db.session)
    if organisation.logo is None:
        abort(404)
    return Response(organisation.logo, mimetype=organisation.logo_type, headers=CACHED)


@bp.get("/organisation/colour.css")
def colour():
    css = f":root {{ --brand: {current_site().colour}; }}\n"
    return Response(css, mimetype="text/css", headers=CACHED)


@bp.get("/pages/<any({}):name>".format(", ".join(f"'{page}'" for page in PAGES)))
def page(name: str):
    text = (current_organisation(db.session).pages or {}).get(name)
    if not text:
        abort(404)
    titles = {"privacy": _("Privacy notice"), "accessibility": _("Accessibility statement"),
              "terms": _("Terms of use")}
    return render_template("site/page.html", title=titles[name], text=text)
