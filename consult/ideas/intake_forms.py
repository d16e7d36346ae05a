"""Forms for ideas collected offline: one idea typed in, or a CSV file of many."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from consult.consultations.models import Consultation
from consult.core.labels import label
from consult.core.languages import CONTENT_LANGUAGES, language_name
from consult.ideas.intake import CsvColumns
from consult.ideas.models import Channel
from consult.ideas.submitting import MAX_LENGTH, MIN_LENGTH, IdeaInput
from consult.web.form_ids import IdSelectField
from consult.web.forms import strip

OFFLINE_CHANNELS = tuple(channel for channel in Channel if channel is not Channel.WEB)



def channel_choices() -> list[SelectChoice]:
    return [SelectChoice(channel.value, label(channel)) for channel in OFFLINE_CHANNELS]


class IntakeForm(FlaskForm):
    text = TextAreaField(_l("The idea, as the resident gave it"), filters=[strip], validators=[
        DataRequired(message=_l("Write the idea.")),
        Length(min=MIN_LENGTH, max=MAX_LENGTH,
               message=_l("The idea must have between %(min)d and %(max)d characters."))])
    title = StringField(_l("A short title (optional)"), filters=[strip],
                        validators=[Optional(), Length(max=200)])
    question = IdSelectField(_l("Question"), validate_choice=False)  # checked by the service
    area = SelectField(_l("Area (optional)"), default="",
                       invalid_choice_message=_l("Choose an area from the list."))
    language = SelectField(_l("Language of the idea"), default="",
                           invalid_choice_message=_l("Choose a language from the list."))
    channel = SelectField(_l("How it was received"), choices=channel_choices)
    received_on = DateField(_l("Date received"), validators=[
        DataRequired(message=_l("Enter the date the idea was received, like 2025-03-31."))])
    email = EmailField(_l("Resident's email (optional)"), filters=[strip], validators=[
        Optional(), Email(message=_l("Enter an email address like name@example.org."),
                          check_deliverability=False)])

    def validate_received_on(self, field: DateField) -> None:
        if field.data and field.data > datetime.now(UTC).date():
            raise ValidationError(_l("The date received cannot be in the future."))


def intake_form(consultation: Consultation) -> IntakeForm:
    """The form with this consultation's questions, areas and languages as choices."""
    form = IntakeForm()
    form.question.choices = [
        SelectChoice(str(q.id), f"{q.position}. {q.text}") for q in consultation.questions
    ]
    form.area.choices = [SelectChoice("", _l("No particular area"))] + [
        SelectChoice(area, area) for area in consultation.areas
    ]
    form.language.choices = [SelectChoice("", _l("Detect it"))] + [
        SelectChoice(code, language_name(code)) for code in CONTENT_LANGUAGES
    ]
    if not form.is_submitted():
        form.received_on.data = datetime.now(UTC).date()
    return form


def _received_at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)  # midday: same date everywhere


def idea_input(form: IntakeForm) -> IdeaInput:
    return IdeaInput(
        text=form.text.data or "", title=form.title.data or "", question_id=form.question.data,
        area=form.area.data or None, language=form.language.data or None,
        email=form.email.data or None, channel=Channel(form.channel.data),
        received_at=_received_at(form.received_on.data),
    )


def _column(label_text: object, required: bool = False) -> StringField:
    validators = [DataRequired(message=_l("Name the column that holds the ideas."))] if required \
        else [Optional()]
    return StringField(label_text, filters=[strip], validators=[*validators, Length(max=100)])


class CsvImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file."))])
    text_column = _column(_l("Column with the idea's text"), required=True)
    title_column = _column(_l("Column with a title (optional)"))
    area_column = _column(_l("Column with the area (optional)"))
    language_column = _column(_l("Column with the language code (optional)"))
    channel_column = _column(_l("Column with how it was received (optional)"))
    date_column = _column(_l("Column with the date received, like 2025-03-31 (optional)"))
    question_column = _column(_l("Column with the question number (optional)"))
    channel = SelectField(_l("How the ideas were received, when the file does not say"),
                          choices=channel_choices)


def csv_columns(form: CsvImportForm) -> CsvColumns:
    return CsvColumns(
        text=form.text_column.data, title=form.title_column.data or None,
        area=form.area_column.data or None, language=form.language_column.data or None,
        channel=form.channel_column.data or None, date=form.date_column.data or None,
        question=form.question_column.data or None,
    )
