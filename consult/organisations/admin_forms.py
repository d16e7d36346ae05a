"""Administrators' forms: the organisation's settings, logo and pages, the team, the mail
check."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from consult.consultations.forms import CheckboxesField
from consult.core.labels import label
from consult.core.languages import LANGUAGE_NAMES
from consult.core.organisation import Organisation
from consult.core.user import RoleName
from consult.organisations import settings, site_pages
from consult.web.form_ids import NumberField
from consult.web.forms import ConsultForm, strip


class OrganisationForm(ConsultForm):
    name = StringField(_l("Name of the organisation"), filters=[strip], validators=[
        DataRequired(message=_l("Give the organisation's name, as residents know it.")),
        Length(max=200)])
    colour = StringField(_l("Colour"), filters=[strip], validators=[
        DataRequired(message=_l("Give the colour as # and six hexadecimal digits, like "
                                "#1d5f3a."))])
    default_locale = SelectField(_l("Main language"))
    locales = CheckboxesField(_l("Languages offered to readers"))
    review_required = BooleanField(_l("A second official reviews each answer before it is "
                                      "published"))
    response_days = NumberField(_l("Days to answer the ideas, after a consultation closes"),
                                validators=[InputRequired(message=_l("Give a number of days.")),
                                            NumberRange(*settings.RESPONSE_DAYS)])
    max_commitments = NumberField(_l("At most how many commitments in an action plan"),
                                  validators=[InputRequired(message=_l("Give a number.")),
                                              NumberRange(*settings.MAX_COMMITMENTS)])
    offices = TextAreaField(_l("Offices that answer ideas, one per line"), filters=[strip])
    attribution = TextAreaField(_l("Credit shown in every page's footer (optional)"),
                                filters=[strip], validators=[Length(max=1000)])


def page_form(organisation: Organisation, locales: tuple[str, ...], **kwargs) -> ConsultForm:
    """One text area per language in `locales` (the main language first, required), named
    text_<code>, for one of the site's pages."""

    class PageForm(ConsultForm):
        """Its text areas are added below, one per language."""

    for code in locales:
        language = LANGUAGE_NAMES.get(code, code)
        main = code == organisation.default_locale
        validators = [_at_most(site_pages.PAGE_MAX)]
        if main:
            validators.insert(0, DataRequired(
                message=site_pages.missing_main_message(organisation)))
        setattr(PageForm, f"text_{code}", TextAreaField(
            _("%(language)s (main language)", language=language) if main else language,
            filters=[strip], validators=validators, render_kw={"lang": code, "rows": 12}))
    return PageForm(**kwargs)


def _at_most(limit: int):
    def check(form, field) -> None:
        if len(field.data or "") > limit:
            raise ValidationError(str(site_pages.too_long_message(len(field.data))))
    return check


class LogoForm(ConsultForm):
    logo = FileField(_l("Logo (PNG, JPEG, WebP or GIF, at most 1 MB)"),
                     validators=[FileRequired(message=_l("Choose a picture."))])


STAFF_ORDER = (RoleName.FACILITATOR, RoleName.OFFICIAL, RoleName.MONITOR, RoleName.ADMIN)


def _staff_roles():
    return [(role.value, label(role)) for role in STAFF_ORDER]


class InviteForm(ConsultForm):
    email = EmailField(_l("Email address"), filters=[strip], validators=[
        DataRequired(message=_l("Enter an email address.")),
        Email(message=_l("Enter an email address like name@example.org."),
              check_deliverability=False)])
    role = SelectField(_l("Role"), choices=_staff_roles)


class RolesForm(ConsultForm):
    roles = CheckboxesField(_l("Roles"), choices=_staff_roles)


class PasswordForm(ConsultForm):
    password = PasswordField(_l("Choose a password"), validators=[
        DataRequired(message=_l("Choose a password."))])
    password_again = PasswordField(_l("The same password again"), validators=[
        EqualTo("password", message=_l("The two passwords are not the same."))])
