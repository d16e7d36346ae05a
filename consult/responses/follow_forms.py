"""The form that follows a consultation or a commitment by email."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length

from consult.responses.follows import EMAIL_MAX
from consult.web.forms import ConsultForm, strip

EMAIL_MESSAGE = _l("Enter an email address like name@example.org.")


class FollowForm(ConsultForm):
    class Meta:  # no token: see consult.responses.follow_routes
        csrf = False

    email = EmailField(
        _l("Your email address"),
        filters=[strip],
        validators=[DataRequired(message=EMAIL_MESSAGE),
                    Length(max=EMAIL_MAX, message=EMAIL_MESSAGE),
                    Email(message=EMAIL_MESSAGE, check_deliverability=False)],
        # An address reads left to right on a right-to-left page too.
        render_kw={"autocomplete": "email", "dir": "ltr", "spellcheck": "false"},
    )
