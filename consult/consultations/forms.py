"""The facilitator's consultation form (content, settings, translations) and phase form."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from consult.consultations.editing import TRANSLATED_FIELDS, ConsultationInput
from consult.consultations.models import Consultation, Phase
from consult.core.labels import label
from consult.core.languages import CONTENT_LANGUAGES, language_name
from consult.core.organisation import Organisation
from consult.web.form_ids import NumberField
from consult.web.forms import strip


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, language_name(code)) for code in CONTENT_LANGUAGES]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TranslationForm(Form):
    """One language's version of the consultation's text (no CSRF: part of the main form)."""

    title = StringField(_l("Title"), filters=[strip], validators=[Length(max=200)])
    summary = TextAreaField(_l("Summary"), filters=[strip], validators=[Length(max=1000)])
    body = TextAreaField(_l("Text (Markdown)"), filters=[strip], validators=[Length(max=20000)])
    # Not stripped: line N translates question N, so empty lines keep their place.
    questions = TextAreaField(_l("Questions, one per line, in the same order"))
    areas = TextAreaField(_l("Areas, one per line, in the same order (optional)"))


class ConsultationForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(message=_l("Give the consultation a title.")), Length(max=200)])
    summary = TextAreaField(_l("Summary"), filters=[strip], validators=[Length(max=1000)])
    body = TextAreaField(_l("Text (Markdown)"), filters=[strip],
                         validators=[Length(max=20000)])
    language = SelectField(_l("Language of this text"), choices=_language_choices, default="en")
    questions = TextAreaField(_l("Questions, one per line"), filters=[strip], validators=[
        DataRequired(message=_l("Ask at least one question."))])
    opens_at = DateField(_l("Opens on (optional)"), validators=[Optional()])
    closes_at = DateField(_l("Closes on (optional)"), validators=[Optional()])
    response_days = NumberField(_l("Days to answer the ideas, after it closes"), validators=[
        Optional(), NumberRange(7, 365, message=_l("Give between 7 and 365 days to answer."))])
    office = SelectField(_l("Office that owes the answers"), default="")
    allow_anonymous = BooleanField(_l("Residents may share ideas without an account"),
                                   default=True)
    premoderated = BooleanField(_l("A moderator publishes each idea first (pre-moderation)"))
    areas = TextAreaField(_l("Areas, one per line (optional)"), filters=[strip])
    languages = CheckboxesField(_l("Languages offered"), choices=_language_choices,
                                default=["en"])

    def validate_closes_at(self, field: DateField) -> None:
        if field.data and self.opens_at.data and field.data < self.opens_at.data:
            raise ValidationError(_l("The closing date must be after the opening date."))


for _code in CONTENT_LANGUAGES:
    setattr(ConsultationForm, f"translation_{_code}", FormField(TranslationForm, label=_code))


def _start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def _end_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC) if day else None


def translation_codes(form: ConsultationForm) -> list[str]:
    """Languages that get a translation section: those offered, except the text's own."""
    return [code for code in (form.languages.data or []) if code != form.language.data]


def to_input(form: ConsultationForm) -> ConsultationInput:
    translations = {}
    for code in translation_codes(form):
        sub = getattr(form, f"translation_{code}")
        translations[code] = {"title": sub.title.data or "", "summary": sub.summary.data or "",
                              "body": sub.body.data or "",
                              "questions": (sub.questions.data or "").splitlines(),
                              "areas": (sub.areas.data or "").splitlines()}
    return ConsultationInput(
        title=form.title.data or "", summary=form.summary.data or "", body=form.body.data or "",
        language=form.language.data, questions=_lines(form.questions.data),
        opens_at=_start_of(form.opens_at.data), closes_at=_end_of(form.closes_at.data),
        allow_anonymous=form.allow_anonymous.data, premoderated=form.premoderated.data,
        areas=_lines(form.areas.data), languages=form.languages.data or [],
        translations=translations, response_days=form.response_days.data,
        office=form.office.data or "",
    )


def fill(form: ConsultationForm, consultation: Consultation) -> None:
    """Show the consultation as it is, for editing (the form was built with obj=)."""
    questions = consultation.questions
    form.questions.data = "\n".join(q.text for q in questions)
    form.areas.data = "\n".join(consultation.areas or [])
    form.office.data = consultation.office or ""
    form.opens_at.data = consultation.opens_at.date() if consultation.opens_at else None
    form.closes_at.data = consultation.closes_at.date() if consultation.closes_at else None
    for code in CONTENT_LANGUAGES:
        sub = getattr(form, f"translation_{code}")
        content = (consultation.translations or {}).get(code, {})
        for key in TRANSLATED_FIELDS:
            sub[key].data = content.get(key, "")
        lines = [(q.translations or {}).get(code, {}).get("text", "") for q in questions]
        sub.questions.data = "\n".join(lines).rstrip("\n")
        sub.areas.data = "\n".join(content.get("areas") or []).rstrip("\n")


def offer_offices(form: ConsultationForm, organisation: Organisation,
                  current: str = "") -> None:
    """The office choices: the organisation itself, its offices, and the one set already."""
    offices = list(dict.fromkeys([*(organisation.offices or []), *([current] if current else [])]))
    form.office.choices = [SelectChoice("", organisation.name)] + [
        SelectChoice(office, office) for office in offices]


class PhaseForm(FlaskForm):
    phase = SelectField(
        _l("Phase"), choices=lambda: [SelectChoice(phase.value, label(phase)) for phase in Phase]
    )
