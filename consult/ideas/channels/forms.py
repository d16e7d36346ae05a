"""Forms of the text-message channels: a gateway, a number or keyword leading to a
consultation, a held message entered as an idea, and a tracking code typed on the site."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectChoice, SelectField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from consult.core.labels import label
from consult.ideas.channels.codes import read_code
from consult.ideas.channels.models import GATEWAY_CHANNELS, GatewayKind
from consult.ideas.channels.settings import MIN_SECRET
from consult.web.form_ids import IdSelectField
from consult.web.forms import ConsultForm, strip


def kind_choices() -> list[SelectChoice]:
    return [SelectChoice(kind.value, label(kind)) for kind in GatewayKind]


def channel_choices() -> list[SelectChoice]:
    return [SelectChoice(channel.value, label(channel)) for channel in GATEWAY_CHANNELS]


class GatewayForm(ConsultForm):
    name = StringField(_l("Name (for you: which account or number it is)"), filters=[strip],
                       validators=[DataRequired(message=_l("Give the gateway a name.")),
                                   Length(max=100)])
    kind = SelectField(_l("Kind of gateway"), choices=kind_choices,
                       invalid_choice_message=_l("Choose a kind of gateway from the list."))
    channel = SelectField(_l("Messages it carries"), choices=channel_choices,
                          invalid_choice_message=_l("Choose SMS or WhatsApp."))
    secret = PasswordField(_l("Secret: Twilio's auth token, or the key shared with the "
                              "gateway"), filters=[strip],
                           validators=[Optional(), Length(max=200)])
    account_sid = StringField(_l("Twilio account SID (to send news; optional)"),
                              filters=[strip], validators=[Optional(), Length(max=64)])
    sender = StringField(_l("Number news are sent from (optional)"), filters=[strip],
                         validators=[Optional(), Length(max=32)])
    outbound_url = URLField(_l("Address the other gateway takes messages to send at "
                               "(optional)"), filters=[strip],
                            validators=[Optional(), Length(max=500)])


class RouteForm(ConsultForm):
    gateway = IdSelectField(_l("Gateway"))
    number = StringField(_l("Number the messages are sent to (optional)"), filters=[strip],
                         validators=[Optional(), Length(max=32)])
    keyword = StringField(_l("Keyword at the start of the message (optional)"),
                          filters=[strip], validators=[Optional(), Length(max=20)])
    consultation = IdSelectField(_l("Consultation"))


class HeldForm(ConsultForm):
    consultation = IdSelectField(_l("Consultation"))


def _a_code(_form, field) -> None:
    if read_code(field.data or "") is None:
        raise ValidationError(_l("A code has 8 letters and digits, like K7PX3QMZ: check it "
                                 "and type it again."))


class TrackCodeForm(ConsultForm):
    class Meta:
        csrf = False  # it only reads a status; it is limited per visitor instead

    code = StringField(_l("Code"), filters=[strip], validators=[
        DataRequired(message=_l("Type the code you were sent.")), Length(max=40), _a_code])


def secret_hint() -> str:
    return str(_l("At least %(n)s characters. Leave it empty to keep the one saved.",
                  n=MIN_SECRET))
