"""Mail to a resident about their idea, in the language they read the site in."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from consult.ideas.models import Submission


def tracking_link_message(email: str, link: str, submission: Submission) -> EmailMessage:
    """The mail with the private link that lets a resident follow their idea, unsent."""
    body = render_template("ideas/mail/tracking_link.txt", link=link, submission=submission)
    return EmailMessage(subject=_("Your idea was received"), body=body, to=[email])
