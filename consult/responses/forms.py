"""Forms of the response queue: an answer, a correction, and the queue's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from consult.core.labels import label
from consult.responses.answering import OFFICE_MAX, REASON_MAX, TEXT_MAX
from consult.responses.models import ResponseStatus
from consult.web.form_ids import IdCheckboxesField, IdSelectField, IdsField, NumberField
from consult.web.forms import ConsultForm, strip

MAX_PAGE = 10_000
AGES = (7, 30, 60, 90)  # the queue's "arrived more than N days ago" choices


def _status_choices() -> list[tuple[str, str]]:
    return [("", _l("Choose an answer")), *((s.value, label(s)) for s in ResponseStatus)]


class AnswerForm(ConsultForm):
    status = SelectField(_l("Answer"), choices=_status_choices, validators=[
        DataRequired(message=_l("Choose an answer."))])
    text = TextAreaField(_l("What you answer, and why"), filters=[strip],
                         validators=[Length(max=TEXT_MAX)])
    office = StringField(_l("Office that answers"), filters=[strip],
                         validators=[Length(max=OFFICE_MAX)])
    # Any id: the service says which commitments may be linked.
    commitments = IdCheckboxesField(_l("Commitments this answer refers to"),
                                    validate_choice=False)


class CorrectionForm(AnswerForm):
    reason = TextAreaField(_l("Why is the answer corrected?"), filters=[strip], validators=[
        DataRequired(message=_l("Say why this answer is corrected: residents see the reason.")),
        Length(max=REASON_MAX)])


def optional_int(value: object) -> int | None:
    """Coerce a select's value to a number; the empty choice means no filter."""
    if value in (None, "", "None"):
        return None
    return int(value)


def optional_text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


class QueueFilterForm(ConsultForm):
    """The queue's filters: a GET form, so a filtered queue has an address to share."""

    class Meta:
        csrf = False

    consultation = IdSelectField(_l("Consultation"), optional=True)
    theme = IdSelectField(_l("Theme"), optional=True)
    age = SelectField(_l("Arrived"), coerce=optional_int, choices=lambda: [
        ("", _l("At any time")),
        *((str(days), _l("More than %(n)s days ago", n=days)) for days in AGES)])
    area = SelectField(_l("Area"), coerce=optional_text)
    page = NumberField(_l("Page"), validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])


class TickedAnswersForm(ConsultForm):
    """The answers ticked on the review page."""

    answers = IdsField(_l("Answers"), validate_choice=False)


class SendBackForm(ConsultForm):
    comment = TextAreaField(_l("What should the drafter change?"), filters=[strip],
                            validators=[DataRequired(message=_l(
                                "Say what the drafter should change."))])


class TranslationForm(ConsultForm):
    """The answer in one of the site's other languages (empty: no translation)."""

    language = StringField(validators=[DataRequired()])
    text = TextAreaField(_l("Translation"), filters=[strip])
