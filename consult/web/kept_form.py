"""What a reader sent in a form that could not be stored, to show again on the error page."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

# Fields a reader types, with the labels of the forms they come from (already translated).
# Any other field (a select, a hidden id) is sent again as it was, never shown.
LABELS = {
    "text": _l("Your idea"),
    "title": _l("Title"),
    "email": _l("Email address"),
    "name": _l("Your name"),
    "phone": _l("Phone number (optional if you give an email)"),
    "note": _l("Note"),
    "reason": _l("Reason"),
    "body": _l("Text"),
    "justification": _l("Justification"),
    "description": _l("Description"),
    "summary": _l("Summary"),
    "label": _l("Name"),
    "problem": _l("What problem does the commitment address?"),
    "status_quo": _l("What is the status quo?"),
    "action": _l("What will the commitment do?"),
    "contribution": _l("How will it contribute to solving the problem?"),
    "relevance": _l("How is it relevant to transparency, participation and accountability?"),
    "evidence": _l("Evidence links, one per line (optional)"),
    "proposed": _l("Your proposed text"),
    "rationale": _l("Why? (optional)"),
}
# Prose, shown in a text area whatever its length.
PROSE = frozenset({"text", "note", "body", "justification", "description", "summary", "problem",
                   "status_quo", "action", "contribution", "relevance", "evidence", "proposed",
                   "rationale"})


@dataclass(frozen=True)
class KeptField:
    name: str
    value: str
    label: object | None  # None: sent again without being shown

    @property
    def long(self) -> bool:
        return self.name in PROSE or len(self.value) > 60 or "\n" in self.value


def kept_fields(form: MultiDict) -> list[KeptField]:
    """Every value of `form`, in order; what the reader typed gets a label to be shown."""
    kept = []
    for name, value in form.items(multi=True):
        shown = name in LABELS and value.strip() != ""
        kept.append(KeptField(name, value, LABELS[name] if shown else None))
    return kept
