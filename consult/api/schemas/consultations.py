"""The organisation, its public consultations and their questions."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

from consult.api.schemas.common import TIME, always_present, links, nullable_time
from consult.consultations.models import Consultation, Phase
from consult.responses.answers import deadline
from consult.themes.views import themes_are_public


def url(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


@always_present
class OrganisationSchema(Schema):
    """The organisation whose site answers on this host."""

    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    default_locale = fields.String()
    locales = fields.List(fields.String(), metadata={"description": _l(
        "The languages it offers readers; empty: every language of the site.")})
    attribution = fields.String(allow_none=True, metadata={"description": _l(
        "Credit for content the organisation republishes.")})
    is_demo = fields.Boolean()
    links = links(_l("home: its site; open_data: every public row in one file; consultations: "
                     "its consultations in this API."))

    def links_of(self, _site) -> dict[str, str]:
        return {"home": url("main.home"), "open_data": url("plans.open_data_json"),
                "consultations": url("api.consultations.index")}


@always_present
class QuestionSchema(Schema):
    id = fields.Integer()
    position = fields.Integer()
    text = fields.String()
    help_text = fields.String()
    translations = fields.Dict(keys=fields.String(), values=fields.Dict(), metadata={
        "description": _l("The text in other languages: {\"es\": {\"text\": …}}.")})


@always_present
class ConsultationSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    summary = fields.String()
    body = fields.String(metadata={"description": _l("Markdown.")})
    language = fields.String(metadata={"description": _l("The language of the texts above.")})
    translations = fields.Dict(keys=fields.String(), values=fields.Dict(), metadata={
        "description": _l("The texts in other languages: {\"es\": {\"title\": …, \"summary\": …, "
                          "\"body\": …}}.")})
    phase = fields.Enum(Phase, by_value=True)
    opens_at = fields.DateTime(allow_none=True)
    closes_at = fields.DateTime(allow_none=True)
    areas = fields.List(fields.String())
    languages = fields.List(fields.String(), metadata={"description": _l(
        "The languages in which it takes ideas.")})
    office = fields.String(metadata={"description": _l("The office that owes the answers.")})
    answers_due_at = nullable_time("answers_due", _l(
        "When answers are owed: the closing date and the days the organisation gives itself."))
    themes_public = fields.Method("are_themes_public", metadata={"type": "boolean",
                                                                  "description": _l(
        "Whether its themes are public yet (once its ideas are being analysed).")})
    updated_at = fields.DateTime(metadata={**TIME, "description": _l(
        "When the consultation itself last changed (not its ideas).")})
    questions = fields.Nested(QuestionSchema, many=True)
    links = links(_l("self, html (its public page), ideas, themes, answers, opinion_groups."))

    def answers_due(self, consultation: Consultation) -> str | None:
        due = deadline(consultation)
        return due.isoformat() if due else None

    def are_themes_public(self, consultation: Consultation) -> bool:
        return themes_are_public(consultation)

    def links_of(self, consultation: Consultation) -> dict[str, str]:
        key = {"consultation_id": consultation.id}
        return {"self": url("api.consultations.show", **key),
                "html": url("consultations.show", **key),
                "ideas": url("api.ideas.index", **key),
                "themes": url("api.themes.index", **key),
                "answers": url("api.answers.index", **key),
                "opinion_groups": url("api.opinions.show", **key)}
