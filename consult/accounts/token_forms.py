"""The form to create a personal access token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from consult.accounts.token_model import TokenScope


class TokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[
        DataRequired(message=_l("Name the token in 1 to %(n)s characters.", n=80)),
        Length(max=80, message=_l("Name the token in 1 to %(n)s characters.", n=80))])
    scope = RadioField(_l("What it may do"), default=TokenScope.READ.value, choices=[
        (TokenScope.READ.value, _l("Read only")),
        (TokenScope.WRITE.value, _l("Read and write: submit ideas, import, answer, as your "
                                    "roles allow"))],
        validators=[InputRequired(message=_l("Choose what the token may do."))],
        validate_choice=False)  # the service names the scopes it knows
