"""What makes the site the organisation's: its logo, its colour, and its pages (privacy,
accessibility, terms)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template
from flask_babel import get_locale

from consult.extensions import db
from consult.organisations import site_pages
from consult.web.assets import asset_url
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


@bp.get("/pages/<any({}):name>".format(", ".join(f"'{page}'" for page in site_pages.PAGES)))
def page(name: str):
    organisation = current_organisation(db.session)
    text = site_pages.page_text(organisation, name, str(get_locale()))
    template = "organisations/site/page.html" if text else f"organisations/site/default_{name}.html"
    return render_template(template, title=site_pages.TITLES[name], text=text,
                           offices=organisation.offices or [])


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links: send them to the icon."""
    return redirect(asset_url("img/favicon.svg"))
