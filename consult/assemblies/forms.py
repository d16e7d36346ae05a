"""Forms of the citizens' assembly: set-up, quotas, pool import, draws and rounds."""

from __future__ import annotations

from datetime import UTC

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from consult.assemblies.labels import MAX_TEXT, labels_text, parse_labels
from consult.assemblies.models import Assembly, RatingScale
from consult.assemblies.setup import MAX_SEATS
from consult.core.csv_files import safe_cell
from consult.core.errors import ConsultError
from consult.core.labels import label
from consult.core.languages import LANGUAGE_NAMES
from consult.sortition.selection import MAX_SEED, Quota
from consult.web.form_ids import IdCheckboxesField, NumberField
from consult.web.forms import ConsultForm, strip

# What a datetime-local input sends, with or without seconds.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
WHOLE_NUMBER = r"^-?\d+$"
PERCENTAGE = r"^\d{1,3}([.,]\d+)?$"


class AssemblyForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(message=_l("Give the assembly a title.")), Length(max=200)])
    size = NumberField(_l("Seats"), default=24, validators=[
        InputRequired(message=_l("Give the number of seats.")),
        NumberRange(min=2, max=MAX_SEATS)])
    categories = TextAreaField(_l("Categories"), filters=[strip], validators=[
        DataRequired(message=_l("Give at least one category, such as age band or area.")),
        Length(max=5000)])
    rating_scale = SelectField(_l("How members rate"),
                               choices=lambda: [(s.value, label(s)) for s in RatingScale],
                               default=RatingScale.THREE.value)
    recruiting = BooleanField(_l("Volunteers can still sign up"))

    def validate_categories(self, field: TextAreaField) -> None:
        """The pool, quotas and panel are published as CSV files that must stay byte for byte
        what the draw used, so a name or value a spreadsheet would run is refused here."""
        for line in (field.data or "").splitlines():
            name, _, values = line.partition(":")
            for word in (name, *values.split(",")):
                if safe_cell(word.strip()) != word.strip():
                    raise ValidationError(_l(
                        "A category name or value cannot start with = + - or @: “%(word)s”.",
                        word=word.strip()))


def _fits(assembly: Assembly, language: str):
    """A translation must name every category and value of `assembly`, in the same order."""

    def check(form: FlaskForm, field: TextAreaField) -> None:
        try:
            parse_labels(assembly.categories, field.data or "")
        except ConsultError as error:
            raise ValidationError(_l("%(language)s: %(problem)s", language=language,
                                     problem=error.message)) from None

    return check


def category_labels_form(assembly: Assembly, locales: tuple[str, ...], **kwargs) -> ConsultForm:
    """One text area per language in `locales`, `labels_<code>`, prefilled with the assembly's
    translation of its categories into that language."""

    class CategoryLabelsForm(ConsultForm):
        """Its text areas are added below, one per language."""

    for code in locales:
        language = LANGUAGE_NAMES.get(code, code)
        setattr(CategoryLabelsForm, f"labels_{code}", TextAreaField(
            language, default=labels_text(assembly.categories, code), filters=[strip],
            validators=[Length(max=MAX_TEXT), _fits(assembly, language)],
            render_kw={"lang": code, "rows": max(3, len(assembly.categories) + 1)}))
    return CategoryLabelsForm(**kwargs)


class PoolImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file."))])


class DrawForm(FlaskForm):
    seed = NumberField(_l("Seed (optional)"), validators=[
        Optional(), NumberRange(min=1, max=MAX_SEED)])


class RoundForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(message=_l("Give the round a title.")), Length(max=200)])
    opens_at = DateTimeLocalField(_l("Opens at"), format=DATETIME_FORMATS, tz=UTC, validators=[
        InputRequired(message=_l("Give the date and time the round opens."))])
    closes_at = DateTimeLocalField(_l("Closes at"), format=DATETIME_FORMATS, tz=UTC, validators=[
        InputRequired(message=_l("Give the date and time the round closes."))])
    commitments = IdCheckboxesField(_l("Draft commitments"), validate_choice=False)
    themes = IdCheckboxesField(_l("Themes"), validate_choice=False)
    common_ground = BooleanField(_l("The common ground of the residents' votes: the ideas every "
                                    "opinion group agrees with"))


class SummaryForm(FlaskForm):
    summary = TextAreaField(_l("Summary of the results, for the public"), filters=[strip],
                            validators=[DataRequired(message=_l("Write a summary of the results "
                                                                "for the public.")),
                                        Length(max=10000)])


# --- quotas: one pair of inputs per value of each category ---------------------------------------

def _quota_texts(end: str, quota: str) -> tuple[object, object]:
    """The label and the error message of the minimum or the maximum of a quota."""
    if end == "min":
        return (_l("Minimum for %(quota)s", quota=quota),
                _l("Give the minimum for %(quota)s as a whole number.", quota=quota))
    return (_l("Maximum for %(quota)s", quota=quota),
            _l("Give the maximum for %(quota)s as a whole number.", quota=quota))


def _quota_name(category: dict, value: str) -> str:
    # As typed, as the quota service's messages and the quota files name it.
    return Quota(category["name"], value, 0, 0).name


def quota_form(assembly: Assembly, **kwargs) -> FlaskForm:
    """A form with `min-<category>-<i>` and `max-<category>-<i>` for the i-th value of each
    category, prefilled with the assembly's quotas."""
    saved = {(q["category"], q["value"]): q for q in assembly.quotas or []}

    class QuotaForm(FlaskForm):
        """Its fields are added below, one pair per value of each category."""

    for number, category in enumerate(assembly.categories):
        for index, value in enumerate(category["values"]):
            quota = saved.get((category["name"], value), {})
            name = _quota_name(category, value)
            for end in ("min", "max"):
                title, message = _quota_texts(end, name)
                setattr(QuotaForm, f"{end}-{category['name']}-{index}", StringField(
                    title, id=f"{end}-{number}-{index}", default=quota.get(end), filters=[strip],
                    validators=[InputRequired(message=message),
                                Regexp(WHOLE_NUMBER, message=message)]))
    return QuotaForm(**kwargs)


def quotas_in(form: FlaskForm, assembly: Assembly) -> list[Quota]:
    """The quotas typed into a valid `quota_form`."""
    return [Quota(category["name"], value, int(form[f"min-{category['name']}-{index}"].data),
                  int(form[f"max-{category['name']}-{index}"].data))
            for category in assembly.categories for index, value in enumerate(category["values"])]


def shares_form(assembly: Assembly, **kwargs) -> FlaskForm:
    """A percentage input `share-<category>-<i>` per value, and the slack around each."""

    class SharesForm(FlaskForm):
        slack = NumberField(_l("Seats of slack either side"), default=1, validators=[
            InputRequired(message=_l("Give the slack as a whole number.")),
            NumberRange(min=0, max=MAX_SEATS)])

    for number, category in enumerate(assembly.categories):
        for index, value in enumerate(category["values"]):
            name = _quota_name(category, value)
            setattr(SharesForm, f"share-{category['name']}-{index}", StringField(
                _l("Share of %(quota)s (%%)", quota=name), id=f"share-{number}-{index}",
                filters=[strip], validators=[Optional(), Regexp(PERCENTAGE, message=_l(
                    "Give the share of %(quota)s as a percentage.", quota=name))]))
    return SharesForm(**kwargs)


def shares_in(form: FlaskForm, assembly: Assembly) -> dict[tuple[str, str], float]:
    """(category, value) → share of the population, from a valid `shares_form`."""
    shares = {}
    for category in assembly.categories:
        for index, value in enumerate(category["values"]):
            typed = form[f"share-{category['name']}-{index}"].data or "0"
            shares[(category["name"], value)] = float(typed.replace(",", ".")) / 100
    return shares
