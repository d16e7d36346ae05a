"""Forms of adoption, progress reports and assessments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from consult.core.errors import ConsultError
from consult.core.ids import optional_database_id
from consult.core.labels import label
from consult.plans import assessments, implementation
from consult.plans.models import Completion, MilestoneStatus, OpenedGovernment
from consult.web.forms import ConsultForm, strip


def _choices(enum):
    return lambda: [SelectChoice(value.value, label(value)) for value in enum]


class AdoptForm(ConsultForm):
    adopted_on = DateField(_l("Date of adoption"), validators=[
        InputRequired(message=_l("Give the date the plan was adopted."))])


def _web_addresses(form, field) -> None:
    """Each line a web address: said next to the field, before the service says it again."""
    for line in (field.data or "").splitlines():
        try:
            implementation.clean_evidence_url(line)
        except ConsultError as error:
            raise ValidationError(str(error.message)) from None


def _milestone_id(value: object) -> int | None:
    """None (no milestone: the commitment as a whole) or a milestone's id; the service checks
    that the milestone belongs to the commitment, and says so."""
    return optional_database_id(value)


class ProgressForm(ConsultForm):
    milestone = SelectField(_l("Milestone"), choices=[], coerce=_milestone_id,
                            validate_choice=False,
                            invalid_value_message=_l("Choose a milestone of this commitment."))
    status = SelectField(_l("Status"), choices=_choices(MilestoneStatus),
                         default=MilestoneStatus.IN_PROGRESS.value,
                         invalid_choice_message=_l("Choose a status from the list."))
    on = DateField(_l("Date"), validators=[InputRequired(message=_l("Give the date of this "
                                                                    "progress."))])
    evidence_url = StringField(_l("Evidence link (optional)"), filters=[strip],
                               validators=[Length(max=implementation.URL_MAX), _web_addresses])
    text = TextAreaField(_l("What was done"), filters=[strip], validators=[
        DataRequired(message=_l("Say what was done: the text of the update is required.")),
        Length(max=implementation.TEXT_MAX)])

    def for_commitment(self, commitment) -> ProgressForm:
        self.milestone.choices = [SelectChoice("", _l("The commitment as a whole"))] + [
            SelectChoice(str(m.id), m.description[:120]) for m in commitment.milestones]
        return self


class AssessmentForm(ConsultForm):
    completion = SelectField(_l("Completion"), choices=_choices(Completion),
                             invalid_choice_message=_l("Choose how complete the commitment is."))
    opened_government = SelectField(
        _l("Did it open government?"), choices=_choices(OpenedGovernment),
        invalid_choice_message=_l("Choose whether the commitment opened government."))
    text = TextAreaField(_l("Assessment"), filters=[strip], validators=[
        DataRequired(message=_l("Write the assessment: its text is required.")),
        Length(max=assessments.TEXT_MAX)])
    evidence = TextAreaField(_l("Evidence links, one per line (optional)"), filters=[strip],
                             validators=[Length(max=assessments.EVIDENCE_MAX * 510),
                                         _web_addresses])

    def evidence_links(self) -> list[str]:
        return [line.strip() for line in (self.evidence.data or "").splitlines() if line.strip()]
