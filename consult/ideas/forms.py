"""The idea form residents fill in, and the small forms around it."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext as _n
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional

from consult.ideas.submitting import MAX_LENGTH, MIN_LENGTH
from consult.web.form_ids import IdSelectField
from consult.web.form_lengths import CharacterLimit, one_newline
from consult.web.forms import ConsultForm, strip

TITLE_MAX = 200


def idea_too_long(count: int, limit: int) -> str:
    return _n("Your idea has %(count)s character; the limit is %(max)s. "
              "Shorten it: your text is kept below.",
              "Your idea has %(count)s characters; the limit is %(max)s. "
              "Shorten it: your text is kept below.",
              count, count=format_decimal(count), max=format_decimal(limit))


def idea_too_short(count: int, limit: int) -> str:
    return _n("Your idea has %(count)s character; write at least %(min)s.",
              "Your idea has %(count)s characters; write at least %(min)s.",
              count, count=format_decimal(count), min=format_decimal(limit))


def title_too_long(count: int, limit: int) -> str:
    return _n("The title has %(count)s character; the limit is %(max)s.",
              "The title has %(count)s characters; the limit is %(max)s.",
              count, count=format_decimal(count), max=format_decimal(limit))


class SubmissionForm(ConsultForm):
    text_min, text_max = MIN_LENGTH, MAX_LENGTH  # said in the hint and the counter

    text = TextAreaField(
        _l("Your idea"),
        filters=[strip, one_newline],
        validators=[
            DataRequired(message=_l("Write your idea.")),
            CharacterLimit(MAX_LENGTH, MIN_LENGTH, too_long=idea_too_long,
                           too_short=idea_too_short),
        ],
    )
    title = StringField(
        _l("A short title (optional)"), filters=[strip],
        validators=[Optional(), CharacterLimit(TITLE_MAX, too_long=title_too_long)],
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
