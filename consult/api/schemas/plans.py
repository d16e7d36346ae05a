"""Published action plans, their commitments with the sources behind them, and what became of
each: revisions, progress, assessments, and the official answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

from consult.api.schemas.common import always_present, links
from consult.api.schemas.consultations import url
from consult.plans.models import Completion, MilestoneStatus, OpenedGovernment, PlanStatus
from consult.responses.models import ResponseState, ResponseStatus


@always_present
class PlanSchema(Schema):
    id = fields.Integer()
    consultation_id = fields.Integer()
    title = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    status = fields.Enum(PlanStatus, by_value=True)
    max_commitments = fields.Integer()
    published_at = fields.DateTime()
    adopted_on = fields.Date(allow_none=True)
    adopted_sha256 = fields.String(allow_none=True, metadata={"description": _l(
        "The SHA-256 of the version adopted, as the links' adopted file holds it.")})
    links = links(_l("self, html (its public page), commitments, adopted (the version adopted, "
                     "once there is one)."))

    def links_of(self, plan) -> dict[str, str]:
        found = {"self": url("api.plans.show", plan_id=plan.id),
                 "html": url("plans.show", plan_id=plan.id),
                 "commitments": url("api.plans.commitments", plan_id=plan.id)}
        if plan.adopted_version is not None:
            found["adopted"] = url("plans.adopted_version", plan_id=plan.id)
        return found


@always_present
class MilestoneSchema(Schema):
    id = fields.Integer()
    description = fields.String()
    due_on = fields.Date()
    responsible = fields.String()
    status = fields.Enum(MilestoneStatus, by_value=True)


@always_present
class SourceSchema(Schema):
    """What a commitment came from: a theme, an idea, or a passage of an idea."""

    id = fields.Integer()
    theme_id = fields.Integer(allow_none=True)
    submission_id = fields.Integer(allow_none=True)
    passage_start = fields.Integer(allow_none=True, metadata={"description": _l(
        "Where the passage quoted starts in the idea's text (characters).")})
    passage_end = fields.Integer(allow_none=True)
    passage = fields.String(allow_none=True)
    note = fields.String(metadata={"description": _l("How this input shaped the commitment.")})
    created_at = fields.DateTime()


@always_present
class CommitmentSchema(Schema):
    id = fields.Integer()
    plan_id = fields.Integer()
    position = fields.Integer()
    title = fields.String()
    problem = fields.String()
    status_quo = fields.String()
    action = fields.String()
    contribution = fields.String()
    relevance = fields.String()
    lead_institution = fields.String()
    supporting_government = fields.String()
    supporting_civil_society = fields.String()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(metadata={"description": _l(
        "When its text last changed (updated_since compares this).")})
    milestones = fields.Nested(MilestoneSchema, many=True)
    sources = fields.Nested(SourceSchema, many=True, metadata={"description": _l(
        "Its provenance: the themes and published ideas it came from.")})
    links = links(_l("self, html (its public page), revisions, progress, assessments."))

    def links_of(self, commitment) -> dict[str, str]:
        key = {"commitment_id": commitment.id}
        return {"self": url("api.plans.commitment", **key),
                "html": url("plans.commitment", **key),
                "revisions": url("api.follow_up.revisions", **key),
                "progress": url("api.follow_up.progress", **key),
                "assessments": url("api.follow_up.assessments", **key)}


@always_present
class RevisionSchema(Schema):
    number = fields.Integer()
    created_at = fields.DateTime()
    reason = fields.String()
    changes = fields.Dict(keys=fields.String(), values=fields.List(fields.Raw()), metadata={
        "description": _l("Each field changed: [its text before, its text after].")})
    round_id = fields.Integer(allow_none=True, metadata={"description": _l(
        "The assembly round whose amendment it carries.")})


@always_present
class ProgressUpdateSchema(Schema):
    id = fields.Integer()
    milestone_id = fields.Integer(allow_none=True)
    status = fields.Enum(MilestoneStatus, by_value=True)
    on = fields.Date()
    evidence_url = fields.String()
    text = fields.String()
    created_at = fields.DateTime()


@always_present
class AssessmentSchema(Schema):
    """An independent monitor's published assessment (never the monitor's name)."""

    id = fields.Integer()
    completion = fields.Enum(Completion, by_value=True)
    opened_government = fields.Enum(OpenedGovernment, by_value=True)
    text = fields.String()
    evidence = fields.List(fields.String())
    published_at = fields.DateTime()


@always_present
class AnswerSchema(Schema):
    """An official answer to an idea or a theme, as published: the office, never the person.
    A correction is a new version; the one it replaced stays, superseded."""

    id = fields.Integer()
    consultation_id = fields.Integer()
    submission_id = fields.Integer(allow_none=True)
    theme_id = fields.Integer(allow_none=True)
    from_theme_id = fields.Integer(allow_none=True, metadata={"description": _l(
        "The theme's answer this idea's answer was given with.")})
    corrects_id = fields.Integer(allow_none=True)
    version = fields.Integer()
    status = fields.Enum(ResponseStatus, by_value=True)
    state = fields.Enum(ResponseState, by_value=True, metadata={"description": _l(
        "published, or superseded by a correction.")})
    text = fields.String()
    translations = fields.Dict(keys=fields.String(), values=fields.String())
    office = fields.String()
    published_at = fields.DateTime()
    superseded_at = fields.DateTime(allow_none=True)
    commitment_ids = fields.List(fields.Integer(), metadata={"description": _l(
        "The published commitments it points to.")})
