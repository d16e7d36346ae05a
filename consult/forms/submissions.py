"""The idea form residents fill in, and the small forms around it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from consult.forms import ConsultForm, strip
from consult.forms.ids import IdSelectField
from consult.services.submissions import MAX_LENGTH, MIN_LENGTH


class SubmissionForm(ConsultForm):
    text = TextAreaField(
        _l("Your idea"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Write your idea.")),
            Length(min=MIN_LENGTH, max=MAX_LENGTH,
                   message=_l("Your idea must have between %(min)d and %(max)d characters.")),
        ],
    )
    title = StringField(
        _l("A short title (optional)"), filters=[strip], validators=[Optional(), Length(max=200)]
    )
    # The service checks that the question is one of the consultation's, and says so.
    question = IdSelectField(_l("Which question does it answer?"), validate_choice=False)
    area = SelectField(_l("Area (optional)"), default="",
                       invalid_choice_message=_l("Choose an area from the list."))
    language = SelectField(_l("Language of your idea"), default="",
                           invalid_choice_message=_l("Choose a language from the list."))
    email = EmailField(
        _l("Email (optional)"),
        filters=[strip],
        validators=[Optional(), Email(message=_l("Enter an email address like name@example.org."),
                                      check_deliverability=False)],
    )
    # Spam defences without a CAPTCHA: a field people never see, and the time taken.
    website = StringField(_l("Leave this field empty"))
    started = HiddenField()
    # One per form shown: sending the same form twice stores one idea.
    idempotency_key = HiddenField()


class EmptyForm(ConsultForm):
    """A CSRF-protected form for buttons (support, flag…) that work without JavaScript."""
