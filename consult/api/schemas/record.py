"""Citizens' assemblies and the published results of their rounds; the event log."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

from consult.api.schemas.common import always_present, links
from consult.api.schemas.consultations import url
from consult.assemblies.models import AmendmentStatus, RatingScale, RoundStage


@always_present
class RoundSchema(Schema):
    number = fields.Integer()
    title = fields.String()
    stage = fields.Enum(RoundStage, by_value=True)
    opens_at = fields.DateTime()
    closes_at = fields.DateTime()
    published_at = fields.DateTime(allow_none=True, metadata={"description": _l(
        "When its results were published; null until then.")})
    links = links(_l("html (its public page), results (once published)."))

    def links_of(self, round_) -> dict[str, str]:
        key = {"assembly_id": round_.assembly_id, "number": round_.number}
        found = {"html": url("assemblies.round", **key)}
        if round_.published_at is not None:
            found["results"] = url("api.assemblies.results", **key)
        return found


@always_present
class AssemblySchema(Schema):
    """An assembly deliberating on a published plan: never who volunteered or sits in it."""

    id = fields.Integer()
    plan_id = fields.Integer()
    title = fields.String()
    size = fields.Integer(metadata={"description": _l("Its seats.")})
    rating_scale = fields.Enum(RatingScale, by_value=True)
    recruiting = fields.Boolean()
    rounds = fields.Nested(RoundSchema, many=True)
    links = links(_l("html (its public page)."))

    def links_of(self, assembly) -> dict[str, str]:
        return {"html": url("assemblies.show", assembly_id=assembly.id)}


@always_present
class AmendmentSchema(Schema):
    """A change a member proposed to a commitment on the agenda (never which member)."""

    id = fields.Integer()
    field = fields.String()
    original = fields.String()
    proposed = fields.String()
    rationale = fields.String()
    status = fields.Enum(AmendmentStatus, by_value=True)
    supporters = fields.Method("supporters_of", metadata={"type": "integer"})

    def supporters_of(self, amendment) -> int:
        return len(amendment.supports)


@always_present
class ItemResultSchema(Schema):
    id = fields.Integer(attribute="item.id")
    position = fields.Integer(attribute="item.position")
    theme_id = fields.Integer(attribute="item.theme_id", allow_none=True)
    commitment_id = fields.Integer(attribute="item.commitment_id", allow_none=True)
    title = fields.String(attribute="item.title")
    tallies = fields.Method("tallies_of", metadata={
        "type": "object", "additionalProperties": {"type": "object"},
        "description": _l("Each ballot type's figures: rating (members, ratings, distribution, "
                          "support, consensus), ranking (borda, first_places).")})
    amendments = fields.Nested(AmendmentSchema, many=True)

    def tallies_of(self, result) -> dict[str, dict]:
        return {name: asdict(tally) if is_dataclass(tally) else dict(tally)
                for name, tally in result.tallies.items()}


@always_present
class RoundResultsSchema(Schema):
    assembly_id = fields.Integer(attribute="round.assembly_id")
    number = fields.Integer(attribute="round.number")
    title = fields.String(attribute="round.title")
    summary = fields.String(attribute="round.summary", metadata={"description": _l("Markdown.")})
    published_at = fields.DateTime(attribute="round.published_at")
    items = fields.Nested(ItemResultSchema, many=True)


@always_present
class EventSchema(Schema):
    """One row of the hash-chained event log, as the downloadable record has it."""

    id = fields.Integer()
    occurred_at = fields.DateTime()
    actor_id = fields.Integer(allow_none=True)
    action = fields.String()
    object_type = fields.String()
    object_id = fields.Integer(allow_none=True)
    payload = fields.Dict()
    prev_hash = fields.String()
    hash = fields.String(metadata={"description": _l(
        "SHA-256 of the row's content and prev_hash: `consult audit verify` checks the chain.")})
