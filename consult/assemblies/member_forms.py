"""The form residents fill in to volunteer for a citizens' assembly.

A member's comments, amendments, ratings and ranking are small plain forms on the round page;
the services check everything they send."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp

from consult.assemblies.labels import category_name, category_value
from consult.assemblies.models import Assembly
from consult.web.forms import ConsultForm, strip

PHONE = r"^\+?[0-9 ()./-]{6,}$"


class VolunteerForm(ConsultForm):
    # autocomplete names the purpose of each personal field (WCAG 1.3.5), so phones fill them.
    name = StringField(
        _l("Your name"), filters=[strip], render_kw={"autocomplete": "name"},
        validators=[DataRequired(message=_l("Write your name.")), Length(max=200)])
    email = EmailField(
        _l("Email (optional if you give a phone number)"), filters=[strip],
        render_kw={"autocomplete": "email"},
        validators=[Optional(), Length(max=254), Email(
            message=_l("Enter an email address like name@example.org."),
            check_deliverability=False)])
    # A text input with a phone keypad: the stylesheet styles text inputs, not tel ones.
    phone = StringField(
        _l("Phone number (optional if you give an email)"), filters=[strip],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
        validators=[Optional(), Length(max=40), Regexp(PHONE, message=_l(
            "Enter a phone number with its digits, like +34 600 123 456."))])

    def categories(self) -> list:
        """The category selects, in the assembly's order."""
        return [field for name, field in self._fields.items() if name.startswith("category_")]


def volunteer_form(assembly: Assembly) -> VolunteerForm:
    """The volunteer form with one select per category of `assembly`. Fields are numbered, as a
    facilitator's category name may hold characters an HTML id cannot."""

    class AssemblyVolunteerForm(VolunteerForm):
        """Its category fields are added below, one per category of the assembly."""

    for number, category in enumerate(assembly.categories):
        # Shown in the reader's language; what is sent, stored and counted is the value as typed.
        title = category_name(assembly, category["name"])
        options = [(v, category_value(assembly, category["name"], v)) for v in category["values"]]
        setattr(AssemblyVolunteerForm, f"category_{number}", SelectField(
            title, choices=[("", _l("Choose…")), *options],
            validators=[InputRequired(message=_l("Choose your answer for “%(category)s”.",
                                                 category=title))]))
    # Made last so that the error summary lists it last, as the page shows it.
    AssemblyVolunteerForm.consent = BooleanField(
        _l("I agree that my details are used only to contact me about the assembly."),
        validators=[DataRequired(message=_l("Tick the box to agree, or we cannot contact you."))])
    return AssemblyVolunteerForm()


def attributes_of(form: VolunteerForm, assembly: Assembly) -> dict[str, str]:
    """category name -> the value chosen."""
    return {category["name"]: form[f"category_{number}"].data or ""
            for number, category in enumerate(assembly.categories)}
