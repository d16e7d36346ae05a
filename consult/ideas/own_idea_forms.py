"""The forms of an idea's private page: correct it, withdraw it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from consult.ideas.forms import TITLE_MAX, idea_too_long, idea_too_short, title_too_long
from consult.ideas.submitting import MAX_LENGTH, MIN_LENGTH
from consult.web.form_lengths import CharacterLimit, one_newline
from consult.web.forms import ConsultForm, strip


class CorrectionForm(ConsultForm):
    text = TextAreaField(
        _l("Your idea"), filters=[strip, one_newline],
        validators=[DataRequired(message=_l("Write your idea.")),
                    CharacterLimit(MAX_LENGTH, MIN_LENGTH, too_long=idea_too_long,
                                   too_short=idea_too_short)],
    )
    title = StringField(
        _l("A short title (optional)"), filters=[strip],
        validators=[Optional(), CharacterLimit(TITLE_MAX, too_long=title_too_long)],
    )


class WithdrawForm(ConsultForm):
    """Nothing to fill in: the button and its CSRF token."""
