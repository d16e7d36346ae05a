"""Residents' flag form and the moderator's hide form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length

from consult.ideas.models import FlagReason
from consult.ideas.moderation import NOTE_MAX, REASON_MAX, REASON_MIN
from consult.web.form_lengths import CharacterLimit, one_newline
from consult.web.forms import ConsultForm, strip

FLAG_REASONS = {
    FlagReason.SPAM: _l("It is spam or advertising"),
    FlagReason.OFFENSIVE: _l("It is offensive or abusive"),
    FlagReason.PERSONAL_DATA: _l("It reveals someone's personal information"),
    FlagReason.OFF_TOPIC: _l("It has nothing to do with this consultation"),
    FlagReason.OTHER: _l("Another reason"),
}



class FlagForm(ConsultForm):
    reason = RadioField(
        _l("Why should a moderator look at this idea?"),
        choices=lambda: [SelectChoice(r.value, text) for r, text in FLAG_REASONS.items()],
        validators=[DataRequired(message=_l("Choose a reason."))],
    )
    note = TextAreaField(_l("Anything to add (optional)"), filters=[strip, one_newline],
                         validators=[CharacterLimit(NOTE_MAX)])


class HideForm(ConsultForm):
    reason = TextAreaField(
        _l("Reason, shown to the public"), filters=[strip],
        validators=[DataRequired(message=_l("Give the public a reason for hiding this idea.")),
                    Length(min=REASON_MIN, max=REASON_MAX, message=_l(
                        "The reason must have between %(min)d and %(max)d characters."))],
    )
