"""Mail to an assembly's members, in their language."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from consult.assemblies.models import Round, Volunteer


def round_reminder_message(member: Volunteer, round_: Round, link: str) -> EmailMessage:
    """A reminder to a member who has not taken part in a round, in their language, unsent."""
    with force_locale(member.language or "en"):
        body = render_template("assemblies/mail/round_reminder.txt", round=round_, link=link)
        subject = _("Your assembly is waiting for you: round %(n)s", n=round_.number)
    return EmailMessage(subject=subject, body=body, to=[member.email])
