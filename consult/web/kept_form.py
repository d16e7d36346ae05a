"""What a reader sent in a form that could not be stored, to show again on the error page."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

# Fields the reader never typed: sent again, never shown.
TECHNICAL = frozenset({"csrf_token", "started", "website", "idempotency_key", "preview",
                       "run_id", "next"})
LABELS = {
    "text": _l("Your idea"),
    "title": _l("Title"),
    "email": _l("Email address"),
    "note": _l("Note"),
    "reason": _l("Reason"),
    "body": _l("Text"),
    "justification": _l("Justification"),
    "description": _l("Description"),
}


@dataclass(frozen=True)
class KeptField:
    name: str
    value: str
    label: object | None  # None: sent again without being shown

    @property
    def long(self) -> bool:
        return len(self.value) > 60 or "\n" in self.value


def kept_fields(form: MultiDict) -> list[KeptField]:
    """Every value of `form`, in order; what the reader typed gets a label to be shown."""
    kept = []
    for name, value in form.items(multi=True):
        shown = name not in TECHNICAL and value.strip() != ""
        kept.append(KeptField(name, value, LABELS.get(name, name) if shown else None))
    return kept
