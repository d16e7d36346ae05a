"""Published ideas with their support and votes, the themes they fall into, and the opinion
groups their votes form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

from consult.api.schemas.common import always_present, links
from consult.api.schemas.consultations import url
from consult.ideas.models import Channel


@always_present
class VotesSchema(Schema):
    agree = fields.Integer()
    disagree = fields.Integer()
    # "pass" is a Python keyword: the field is named in `data_key`.
    passed = fields.Integer(data_key="pass")


@always_present
class IdeaSchema(Schema):
    """A published idea. Never who wrote it, nor any way to reach them."""

    id = fields.Integer()
    consultation_id = fields.Integer()
    question_id = fields.Integer(allow_none=True)
    title = fields.String()
    text = fields.String()
    language = fields.String()
    area = fields.String(allow_none=True)
    channel = fields.Enum(Channel, by_value=True, metadata={"description": _l(
        "How it reached the consultation: the website, a paper form, a workshop…")})
    received_at = fields.DateTime(metadata={"description": _l(
        "When the organisation received it (ideas typed in later keep the day they were "
        "given).")})
    support_count = fields.Integer(metadata={"description": _l("Residents who support it.")})
    votes = fields.Nested(VotesSchema, metadata={"description": _l(
        "Votes cast on it, each person's last: agree, disagree and pass.")})
    theme_id = fields.Integer(allow_none=True, metadata={"description": _l(
        "The theme it is in, once the consultation's themes are public.")})
    links = links(_l("self, html (its public page)."))

    def links_of(self, idea) -> dict[str, str]:
        return {"self": url("api.ideas.show", submission_id=idea.id),
                "html": url("submissions.show", submission_id=idea.id)}


@always_present
class ThemeSchema(Schema):
    id = fields.Integer()
    consultation_id = fields.Integer()
    label = fields.String()
    description = fields.String()
    keywords = fields.List(fields.String())
    names = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": _l("Its name in other languages, where it has several.")})
    live = fields.Boolean(metadata={"description": _l(
        "False once the current clustering no longer has it: merged, emptied or replaced.")})
    merged_into_id = fields.Integer(allow_none=True, metadata={"description": _l(
        "The theme it was merged into.")})
    idea_count = fields.Integer(metadata={"description": _l(
        "Published ideas in it (in the clustering shown).")})
    links = links(_l("self, html (its public page), ideas."))

    def links_of(self, theme) -> dict[str, str]:
        return {"self": url("api.themes.show", theme_id=theme.id),
                "html": url("consultations.theme", consultation_id=theme.consultation_id,
                            theme_id=theme.id),
                "ideas": url("api.themes.ideas", theme_id=theme.id)}


@always_present
class RepresentativeSchema(Schema):
    submission_id = fields.Integer()
    direction = fields.String(metadata={"enum": ["agree", "disagree"], "description": _l(
        "Whether the group agrees with it more, or disagrees more, than everyone else.")})
    share = fields.Float(metadata={"description": _l("The share of the group voting so.")})
    ratio = fields.Float()


@always_present
class OpinionGroupSchema(Schema):
    group = fields.String(attribute="letter", metadata={"description": _l("A, B, C…")})
    size = fields.Integer()
    representative = fields.List(fields.Nested(RepresentativeSchema), metadata={
        "description": _l("The published ideas that most set the group apart.")})


@always_present
class OpinionGroupsSchema(Schema):
    """The current computation of a consultation's opinion groups, and its method."""

    run_id = fields.Integer(attribute="id")
    consultation_id = fields.Integer()
    algorithm = fields.String(allow_none=True)
    seed = fields.Integer()
    min_votes = fields.Integer(metadata={"description": _l(
        "Votes a person must have cast to be placed in a group.")})
    participants = fields.Integer(attribute="participants_in")
    votes = fields.Integer(attribute="votes_in")
    ideas = fields.Integer(attribute="ideas_in")
    finished_at = fields.DateTime(allow_none=True)
    no_groups_reason = fields.String(allow_none=True, metadata={"description": _l(
        "Why there are no groups, when there are none: no_ideas, nobody, too_few, alike.")})
    groups = fields.Nested(OpinionGroupSchema, many=True)
