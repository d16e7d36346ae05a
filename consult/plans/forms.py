"""Forms of the plan editor: the plan, a draft from themes, a commitment, links, milestones."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
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
    ValidationError,
)

from consult.core.labels import label
from consult.ideas.submitting import MAX_LENGTH
from consult.plans.drafting import SIGNED_OFF_STATUSES
from consult.plans.models import MilestoneStatus, PlanStatus
from consult.plans.provenance import NOTE_MAX
from consult.web.form_ids import IdCheckboxesField, IdField, IdSelectField, NumberField
from consult.web.forms import strip


def _text(title, limit=5000, **kwargs):
    return TextAreaField(title, filters=[strip], validators=[Length(max=limit)], **kwargs)


class PlanForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(message=_l("Give the plan a title.")), Length(max=200)])
    starts_on = DateField(_l("Starts on"), validators=[
        InputRequired(message=_l("Give a start date."))])
    ends_on = DateField(_l("Ends on"), validators=[InputRequired(message=_l("Give an end date."))])
    max_commitments = NumberField(_l("At most how many commitments"), default=5, validators=[
        InputRequired(message=_l("Give a number.")), NumberRange(min=1, max=20)])
    status = SelectField(_l("Status"), default=PlanStatus.DRAFTING.value)

    def __init__(self, *args, obj=None, **kwargs) -> None:
        super().__init__(*args, obj=obj, **kwargs)
        # Adopted and implementing come from the officials' sign-off, not from this form.
        current = obj.status if obj is not None else None
        self.status.choices = [(s.value, label(s)) for s in PlanStatus
                               if s not in SIGNED_OFF_STATUSES or s is current]


class DraftForm(FlaskForm):
    themes = IdCheckboxesField(_l("Themes this commitment answers"), validate_choice=False)


class CommitmentForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(message=_l("Give the commitment a title.")), Length(max=200)])
    problem = _text(_l("What problem does the commitment address?"))
    status_quo = _text(_l("What is the status quo?"))
    action = _text(_l("What will the commitment do?"))
    contribution = _text(_l("How will it contribute to solving the problem?"))
    relevance = _text(_l("How is it relevant to transparency, participation and accountability?"))
    lead_institution = StringField(_l("Lead institution"), filters=[strip],
                                   validators=[Length(max=200)])
    supporting_government = _text(_l("Supporting stakeholders in government"), 2000)
    supporting_civil_society = _text(_l("Supporting stakeholders in civil society"), 2000)
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    reason = _text(_l("Why this change? (required once the plan is adopted)"), 1000)


class LinkForm(FlaskForm):
    theme = IdSelectField(_l("A theme"), optional=True, validate_choice=False,
                          validators=[Optional()])
    idea = IdField(_l("Or an idea, by its number"), validators=[Optional()])
    passage_start = NumberField(_l("Passage from character (optional)"),
                                 validators=[Optional(), NumberRange(min=0, max=MAX_LENGTH)])
    passage_end = NumberField(_l("to character"),
                               validators=[Optional(), NumberRange(min=1, max=MAX_LENGTH)])
    note = _text(_l("How did this input shape the commitment?"), NOTE_MAX)

    # Each runs only when its own field is filled in (Optional stops the others).
    def validate_passage_start(self, field) -> None:
        _both_ends(self.passage_end)

    def validate_passage_end(self, field) -> None:
        _both_ends(self.passage_start)


def _both_ends(other) -> None:
    """A passage has two ends: one alone is a mistake, not a link to the whole idea."""
    if not (other.raw_data or [""])[0].strip():
        raise ValidationError(_l("Give both the first and the last character of the passage, "
                                 "or neither."))


class MilestoneForm(FlaskForm):
    description = _text(_l("Milestone"), 2000)
    due_on = DateField(_l("Due on"), validators=[InputRequired(message=_l("Give a due date."))])
    responsible = StringField(_l("Responsible"), filters=[strip], validators=[Length(max=200)])
    status = SelectField(_l("Status"),
                         choices=lambda: [(s.value, label(s)) for s in MilestoneStatus],
                         default=MilestoneStatus.NOT_STARTED.value)


# The fields of CommitmentForm that are commitment fields (all but the reason).
COMMITMENT_FIELDS = ("title", "problem", "status_quo", "action", "contribution", "relevance",
                     "lead_institution", "supporting_government", "supporting_civil_society",
                     "starts_on", "ends_on")
