"""Where to start: the API's index and the organisation this site is for."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from consult.api.operations import read
from consult.api.schemas.common import LinksSchema
from consult.api.schemas.consultations import OrganisationSchema, url
from consult.web.organisations import Site, current_site

bp = Blueprint("site", __name__)


@bp.get("/")
@read(LinksSchema, _l("Where to start"),
      _l("The addresses of the lists this API offers, of its OpenAPI document and of its "
         "reference page."))
def index() -> dict:
    return {"links": {"organisation": url("api.site.organisation"),
                      "consultations": url("api.consultations.index"),
                      "plans": url("api.plans.index"),
                      "assemblies": url("api.assemblies.index"),
                      "events": url("api.events.index"),
                      "openapi": url("api.reference.openapi"),
                      "docs": url("api.reference.docs")}}


@bp.get("/organisation")
@read(OrganisationSchema, _l("The organisation"),
      _l("The organisation whose site answers on this host name: each organisation of an "
         "installation has its own, and the API shows its rows only."))
def organisation() -> Site:
    return current_site()
