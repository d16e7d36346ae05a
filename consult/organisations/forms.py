"""The first-run form: the organisation and its first administrator."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from consult.organisations.services import NAME_MAX
from consult.web.forms import ConsultForm, strip


class FirstRunForm(ConsultForm):
    name = StringField(_l("Name of the organisation"), filters=[strip], validators=[
        DataRequired(message=_l("Give the organisation's name, as residents know it.")),
        Length(max=NAME_MAX)])
    locale = SelectField(_l("Main language of the site"))
    email = EmailField(_l("Your email address"), filters=[strip], validators=[
        DataRequired(message=_l("Enter your email address.")),
        Email(message=_l("Enter an email address like name@example.org."),
              check_deliverability=False)])
    password = PasswordField(_l("Choose a password"), validators=[
        DataRequired(message=_l("Choose a password."))])
    password_again = PasswordField(_l("The same password again"), validators=[
        EqualTo("password", message=_l("The two passwords are not the same."))])
