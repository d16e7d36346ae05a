"""Translated names of the product's enumerations, for pages and exports."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from consult.assemblies.models import (
    AmendmentStatus,
    Assembly,
    DrawKind,
    DrawStatus,
    RatingScale,
    RoundStage,
)
from consult.assemblies.pool_privacy import MERGED
from consult.consultations.models import Phase
from consult.core.user import RoleName
from consult.ideas.models import Channel, SubmissionStatus
from consult.plans.models import CommitmentStatus, MilestoneStatus, PlanStatus
from consult.responses.models import Completion, OpenedGovernment, ResponseState, ResponseStatus
from consult.themes.models import CurationKind, RunStatus

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
    SubmissionStatus.WITHDRAWN: _l("Withdrawn by its author"),
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
    PlanStatus.DRAFTING: _l("Drafting"),
    PlanStatus.IN_DELIBERATION: _l("In deliberation"),
    PlanStatus.ADOPTED: _l("Adopted"),
    PlanStatus.IMPLEMENTING: _l("Being implemented"),
    PlanStatus.CLOSED: _l("Closed"),
    CommitmentStatus.DRAFT: _l("Draft"),
    CommitmentStatus.PUBLISHED: _l("Published"),
    MilestoneStatus.NOT_STARTED: _l("Not started"),
    MilestoneStatus.IN_PROGRESS: _l("In progress"),
    MilestoneStatus.COMPLETE: _l("Complete"),
    MilestoneStatus.DELAYED: _l("Delayed"),
    DrawKind.PANEL: _l("Panel"),
    DrawKind.REPLACEMENT: _l("Replacements"),
    DrawStatus.RUNNING: _l("Drawing…"),
    DrawStatus.DONE: _l("Drawn"),
    DrawStatus.FAILED: _l("Failed"),
    RoundStage.DELIBERATE: _l("Deliberation"),
    RoundStage.VOTE: _l("Voting"),
    RoundStage.RESULTS: _l("Closed: results"),
    AmendmentStatus.PROPOSED: _l("Proposed"),
    AmendmentStatus.ACCEPTED: _l("Accepted"),
    AmendmentStatus.DECLINED: _l("Declined"),
    RatingScale.THREE: _l("Support / neutral / oppose"),
    RatingScale.FIVE: _l("1 to 5"),
    # Enumerations share one table keyed by value: equal values ("draft", "complete"…) must
    # read the same wherever they appear.
    ResponseStatus.ACCEPTED: _l("Accepted"),
    ResponseStatus.PARTLY_ACCEPTED: _l("Partly accepted"),
    ResponseStatus.UNDER_CONSIDERATION: _l("Under consideration"),
    ResponseStatus.NOT_ACCEPTED: _l("Not accepted"),
    ResponseStatus.ALREADY_IN_PLACE: _l("Already in place"),
    ResponseState.DRAFT: _l("Draft"),
    ResponseState.IN_REVIEW: _l("Waiting for review"),
    ResponseState.PUBLISHED: _l("Published"),
    ResponseState.SUPERSEDED: _l("Corrected since"),
    Completion.NOT_STARTED: _l("Not started"),
    Completion.LIMITED: _l("Limited"),
    Completion.SUBSTANTIAL: _l("Substantial"),
    Completion.COMPLETE: _l("Complete"),
    OpenedGovernment.NO: _l("No"),
    OpenedGovernment.MARGINAL: _l("Marginally"),
    OpenedGovernment.MAJOR: _l("Major"),
    OpenedGovernment.OUTSTANDING: _l("Outstanding"),
}

# What each rating means, for the forms and the results.
RATING_LABELS = {
    RatingScale.THREE: {1: _l("Support"), 0: _l("Neutral"), -1: _l("Oppose")},
    RatingScale.FIVE: {5: _l("5 – strongly support"), 4: _l("4"), 3: _l("3"), 2: _l("2"),
                       1: _l("1 – strongly oppose")},
}

# Names of the usual assembly categories; categories a facilitator adds show as written.
CATEGORY_LABELS = {"age": _l("Age band"), "gender": _l("Gender"), "area": _l("Area")}


def category_label(name: str) -> str:
    return str(CATEGORY_LABELS.get(name, name))


def _reader_label(assembly: Assembly, name: str, locale: str | None) -> dict | None:
    """The facilitator's translation of category `name` into the reader's language, if any."""
    lang = str(locale or get_locale() or "en").split("_")[0]
    category = next((c for c in assembly.categories if c["name"] == name), None)
    return ((category or {}).get("labels") or {}).get(lang)


def category_name(assembly: Assembly, name: str, locale: str | None = None) -> str:
    """A category's name for the reader: the facilitator's translation, else the usual name of
    a well-known category, else the name as typed."""
    translated = _reader_label(assembly, name, locale)
    return translated["name"] if translated else category_label(name)


def category_value(assembly: Assembly, name: str, value: str, locale: str | None = None) -> str:
    """A value of category `name` for the reader (what is stored stays `value`). A draw's group
    merges values as "a / b": each is translated."""
    translated = _reader_label(assembly, name, locale)
    if not translated:
        return value
    values = next(c["values"] for c in assembly.categories if c["name"] == name)
    names = dict(zip(values, translated["values"], strict=False))
    return MERGED.join(names.get(part, part) for part in value.split(MERGED))

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


# How a clustering run grouped ideas, as the run records it (in English) and readers read it.
ALGORITHM_LABELS = {
    "spectral clustering of a k-nearest-neighbour cosine graph (scikit-learn)":
        _l("spectral clustering of a graph linking each idea to its nearest neighbours "
           "by cosine similarity (scikit-learn)"),
}


def algorithm_label(recorded: str) -> str:
    return str(ALGORITHM_LABELS.get(recorded, recorded))


def label(value: StrEnum) -> str:
    """The reader's-language name of an enumeration value."""
    return str(LABELS.get(value, value))

# The OGP commitment template's fields, as pages and exports name them, in template order.
COMMITMENT_FIELDS = {
    "title": _l("Title"),
    "problem": _l("The problem it addresses"),
    "status_quo": _l("Status quo"),
    "action": _l("What the commitment will do"),
    "contribution": _l("How it will help solve the problem"),
    "relevance": _l("Relevance to transparency, participation and accountability"),
    "lead_institution": _l("Lead institution"),
    "supporting_government": _l("Supporting stakeholders in government"),
    "supporting_civil_society": _l("Supporting stakeholders in civil society"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Ends on"),
}
# The long text fields, shown as sections of a commitment.
COMMITMENT_SECTIONS = ("problem", "status_quo", "action", "contribution", "relevance",
                       "lead_institution", "supporting_government", "supporting_civil_society")


def field_label(name: str) -> str:
    return str(COMMITMENT_FIELDS.get(name, name))


def commitment_sections() -> list[tuple[str, str]]:
    return [(name, field_label(name)) for name in COMMITMENT_SECTIONS]
