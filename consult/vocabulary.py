"""Translated names of the product's enumerations, for pages and exports."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from consult.models import Channel, Phase, RoleName, SubmissionStatus

LABELS: dict[StrEnum, object] = {
    Phase.DRAFT: _l("Draft"),
    Phase.OPEN: _l("Open for ideas"),
    Phase.CLOSED: _l("Closed"),
    Phase.ANALYSIS: _l("Ideas being analysed"),
    Phase.ANSWERED: _l("Answered"),
    Channel.WEB: _l("Website"),
    Channel.PAPER: _l("Paper form"),
    Channel.WORKSHOP: _l("Workshop"),
    Channel.PHONE: _l("Phone call"),
    Channel.SMS: _l("Text message"),
    Channel.EMAIL: _l("Email"),
    SubmissionStatus.PENDING: _l("Waiting for moderation"),
    SubmissionStatus.PUBLISHED: _l("Published"),
    SubmissionStatus.HIDDEN: _l("Hidden by a moderator"),
    RoleName.RESIDENT: _l("Resident"),
    RoleName.FACILITATOR: _l("Facilitator"),
    RoleName.OFFICIAL: _l("Official"),
    RoleName.MONITOR: _l("Monitor"),
    RoleName.ADMIN: _l("Administrator"),
}


def label(value: StrEnum) -> str:
    """The reader's-language name of an enumeration value."""
    return str(LABELS.get(value, value))
