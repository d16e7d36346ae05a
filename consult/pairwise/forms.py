"""The facilitators' form that opens a pairwise round."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length

from consult.pairwise.models import Subject
from consult.pairwise.rounds import MAX_ITEMS
from consult.web.forms import ConsultForm, strip


class OpenRoundForm(ConsultForm):
    subject = RadioField(
        _l("What residents compare"), default=Subject.THEMES.value,
        choices=[(Subject.THEMES.value, _l("The consultation's current themes")),
                 (Subject.IDEAS.value, _l("Its published ideas (the %(num)s most supported, "
                                                 "when there are more)", num=MAX_ITEMS))],
        validators=[InputRequired(message=_l("Choose what residents compare."))])
    question = StringField(
        _l("Question (optional)"), filters=[strip],
        validators=[Length(max=200, message=_l("Keep the question under 200 characters."))])
