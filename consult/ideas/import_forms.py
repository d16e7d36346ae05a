"""Forms of the CSV import in steps: the upload, then the mapping of the file's columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from consult.ideas.csv_rows import CsvColumns
from consult.ideas.intake_forms import channel_choices

ALL_OR_NOTHING, GOOD_ROWS = "all", "good"
# The fields a column can fill, in the order the form asks for them.
MAPPED_FIELDS = (
    ("text", _l("The idea's text")),
    ("title", _l("Title")),
    ("source_id", _l("Id in the source (a re-import skips the ideas it already brought)")),
    ("original_date", _l("Date written, if older than the date received")),
    ("date", _l("Date the city received it (otherwise: today)")),
    ("area", _l("Area")),
    ("language", _l("Language code")),
    ("question", _l("Question number")),
    ("channel", _l("How it was received")),
    ("email", _l("Resident's email (kept private)")),
)


class UploadForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file."))])


class MappingForm(FlaskForm):
    """One choice of column per field; the fields are added by `mapping_form`."""

    channel = SelectField(_l("How the ideas were received, when the file does not say"),
                          choices=channel_choices)
    mode = RadioField(_l("If some rows cannot be imported"), default=ALL_OR_NOTHING, choices=[
        (ALL_OR_NOTHING, _l("Import nothing: I will fix the file and upload it again")),
        (GOOD_ROWS, _l("Import the good rows, and give me the others to fix")),
    ])

    def columns(self) -> CsvColumns:
        return CsvColumns.from_mapping(
            {key: self[f"column_{key}"].data for key, _label in MAPPED_FIELDS})


def mapping_form(header: list[str], guessed: dict[str, str]) -> MappingForm:
    """The form whose column choices are the file's columns, `guessed` chosen first."""

    required = [DataRequired(message=_l("Choose the column that holds the ideas' text."))]
    fields = {
        f"column_{key}": SelectField(
            label_text, default=guessed.get(key, ""),
            choices=[SelectChoice("", _l("Choose a column") if key == "text"
                                  else _l("Not in the file"))]
            + [SelectChoice(name, name) for name in header],
            validators=required if key == "text" else [],
            invalid_choice_message=_l("Choose one of the file's columns."))
        for key, label_text in MAPPED_FIELDS}
    return type("ColumnsForm", (MappingForm,), fields)()
