"""The form to register a webhook."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from consult.webhooks.triggers import EVENTS

EVENT_LABELS = {
    "idea.published": _l("An idea is published"),
    "themes.updated": _l("A theme run finishes"),
    "answer.published": _l("An answer is published"),
    "commitments.adopted": _l("An action plan's commitments are adopted"),
    "progress.posted": _l("Progress on a commitment is posted"),
}


class WebhookForm(FlaskForm):
    url = StringField(_l("Address that receives the events"), validators=[
        DataRequired(message=_l("Give a full web address starting with https://.")),
        Length(max=500, message=_l("An address has at most %(n)s characters.", n=500))])
    events = SelectMultipleField(
        _l("Events to send"), choices=[(name, EVENT_LABELS[name]) for name in EVENTS],
        validators=[DataRequired(message=_l("Choose at least one of the events listed."))],
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
        validate_choice=False)  # the service names the events it knows
