"""Translated names of the product's enumerations, for pages and exports."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from consult.models import Channel, CurationKind, Phase, RoleName, RunStatus, SubmissionStatus

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
    RunStatus.QUEUED: _l("Waiting for a worker"),
    RunStatus.RUNNING: _l("Running"),
    RunStatus.SUCCEEDED: _l("Finished"),
    RunStatus.FAILED: _l("Failed"),
    CurationKind.RENAME: _l("Rename"),
    CurationKind.MERGE: _l("Merge"),
    CurationKind.SPLIT: _l("Split"),
    CurationKind.MOVE: _l("Move an idea"),
    CurationKind.PIN: _l("Pin an idea"),
    CurationKind.LOCK: _l("Lock"),
    CurationKind.DUPLICATE: _l("Mark duplicates"),
    CurationKind.SET_ASIDE: _l("Set aside"),
}

# Stages of a clustering run, as the progress bar names them.
RUN_STAGES = {
    "queued": _l("Waiting for a worker"),
    "retrying": _l("Waiting to try again"),
    "reading": _l("Reading the ideas"),
    "embedding": _l("Reading the meaning of each idea"),
    "clustering": _l("Grouping similar ideas"),
    "saving": _l("Saving the themes"),
    "done": _l("Finished"),
    "failed": _l("Failed"),
}


def label(value: StrEnum) -> str:
    """The reader's-language name of an enumeration value."""
    return str(LABELS.get(value, value))
