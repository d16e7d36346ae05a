"""The workbench's forms: run a clustering, and each curation action.

Every curation form carries the id of the run it was made for, so an action on themes
that a newer run replaced is refused instead of applied to the wrong theme.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.themes.bulk import BulkKind
from consult.themes.curation import MAX_SPLIT
from consult.web.form_ids import IdField, IdSelectField, IdsField, NumberField
from consult.web.forms import strip


class RunForm(FlaskForm):
    themes = NumberField(
        _l("Number of themes (optional)"), validators=[Optional(), NumberRange(
            min=2, message=_l("Choose at least 2 themes, or leave the field empty."))])
    detailed = BooleanField(_l("Finer themes: more of them, each narrower"))


class CurationForm(FlaskForm):
    """The base of every action: the run the page showed."""

    run_id = IdField(validators=[InputRequired()], widget=HiddenField.widget)


class RenameForm(CurationForm):
    label = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(message=_l("Give the theme a name.")),
        Length(max=200, message=_l("A theme's name must have at most 200 characters."))])
    description = TextAreaField(_l("Description (optional)"), filters=[strip],
                                validators=[Length(max=2000)])


class SubthemeNameForm(FlaskForm):
    label = StringField(_l("Name of the sub-theme"), filters=[strip], validators=[
        DataRequired(message=_l("Give the sub-theme a name.")),
        Length(max=200, message=_l("A name must have at most %(n)s characters.", n=200))])


class SubthemeIdeaForm(FlaskForm):
    idea = IdField(_l("Idea number"), validators=[InputRequired(
        message=_l("Give the number of an idea of this theme."))])


class SubthemeMergeForm(FlaskForm):
    into = IdField(_l("Merge into"), validators=[InputRequired(
        message=_l("Choose another sub-theme of this theme to merge into."))])


class SubthemeSplitForm(FlaskForm):
    """Only its CSRF token: the button splits the sub-theme."""


class SwitchForm(CurationForm):
    """Lock/unlock, pin/unpin, set aside/bring back: `on` is 1 or 0."""

    on = NumberField(validators=[InputRequired(), NumberRange(0, 1)],
                      widget=HiddenField.widget)


class SplitForm(CurationForm):
    parts = NumberField(_l("Split into how many themes?"), default=2, validators=[
        InputRequired(message=_l("Give a number of themes.")),
        NumberRange(min=2, max=MAX_SPLIT, message=_l(
            "Split into between %(min)s and %(max)s themes."))])


class MergeForm(CurationForm):
    themes = IdsField(_l("Themes to merge into this one"), validate_choice=False)


class MoveForm(CurationForm):
    theme = IdSelectField(_l("Move to theme"), validate_choice=False,
                        validators=[InputRequired(message=_l("Choose a theme."))])


class BulkForm(CurationForm):
    """What to do with the ideas ticked on a theme's page."""

    ideas = IdsField(_l("Ideas"), validate_choice=False)
    action = RadioField(_l("What to do with them"), choices=[
        (BulkKind.MOVE.value, _l("Move them to the theme")),
        (BulkKind.PIN.value, _l("Pin them to this theme")),
        (BulkKind.SET_ASIDE.value, _l("Set them aside as off-topic")),
        (BulkKind.DUPLICATES.value, _l("Mark them as copies of the idea")),
    ], validators=[InputRequired(message=_l("Choose what to do with the ticked ideas."))])
    theme = IdSelectField(_l("Theme"), validate_choice=False, validators=[Optional()])
    original = IdSelectField(_l("Original idea"), validate_choice=False,
                             validators=[Optional()])


class CopyForm(CurationForm):
    copy = IdField(validators=[InputRequired()], widget=HiddenField.widget)


class UndoForm(FlaskForm):
    action_id = IdField(validators=[InputRequired()], widget=HiddenField.widget)
