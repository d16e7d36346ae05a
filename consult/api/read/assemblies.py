"""Citizens' assemblies on published plans, and the published results of their rounds."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from consult.api.operations import read
from consult.api.pagination import Listing
from consult.api.read import public
from consult.api.schemas.record import AssemblySchema, RoundResultsSchema
from consult.assemblies import results as round_results
from consult.assemblies.models import Assembly, Round
from consult.extensions import db

bp = Blueprint("assemblies", __name__)


@dataclass(frozen=True)
class RoundResults:
    round: Round
    items: list[round_results.ItemResult]


@bp.get("/assemblies")
@read(AssemblySchema, _l("Citizens' assemblies"),
      _l("The assemblies of published action plans, with their rounds."), paged=True)
def index() -> Listing:
    return Listing(public.public_assemblies(), Assembly.id)


@bp.get("/assemblies/<int:assembly_id>/rounds/<int:number>/results")
@read(RoundResultsSchema, _l("The results of a round"),
      _l("Once published: each agenda item's tallies and the changes members proposed, with "
         "how many members supported each (never who)."))
def results(assembly_id: int, number: int) -> RoundResults:
    found = public.published_round(db.session, assembly_id, number)
    return RoundResults(found, round_results.results(db.session, found))
