"""Mail to residents, in the language they read the site in."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from consult.models import Round, Submission, Volunteer


def tracking_link_message(email: str, link: str, submission: Submission) -> EmailMessage:
    """The mail with the private link that lets a resident follow their idea, unsent."""
    body = render_template("mail/tracking_link.txt", link=link, submission=submission)
    return EmailMessage(subject=_("Your idea was received"), body=body, to=[email])



def round_reminder_message(member: Volunteer, round_: Round, link: str) -> EmailMessage:
    """A reminder to a member who has not taken part in a round, in their language, unsent."""
    with force_locale(member.language or "en"):
        body = render_template("mail/round_reminder.txt", round=round_, link=link)
        subject = _("Your assembly is waiting for you: round %(n)s", n=round_.number)
    return EmailMessage(subject=subject, body=body, to=[member.email])


def staff_invitation_message(email: str, organisation: str, role: str,
                             link: str) -> EmailMessage:
    """The invitation to join an organisation's team, with the link to choose a password."""
    body = render_template("mail/staff_invitation.txt", organisation=organisation, role=role,
                           link=link)
    subject = _("You are invited to %(organisation)s's team on Consult",
                organisation=organisation)
    return EmailMessage(subject=subject, body=body, to=[email])
