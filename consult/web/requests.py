"""The request every view reads: query string and form values already cleaned.

This is the one place where what a visitor sends is made safe to store. Every value and
name of `request.args` and `request.form` (and so `request.values` and every WTForms form,
which read them) passes through `consult.core.plain_text.clean` when Werkzeug builds them, before
any view, form or service sees it; no field can forget it. Uploaded files are cleaned when
decoded (`consult.ideas.intake.decode_csv`).
"""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

from consult.core.plain_text import clean


def _cleaned(value):
    return clean(value) if isinstance(value, str) else value


class CleanMultiDict(ImmutableMultiDict):
    """An ImmutableMultiDict whose string keys and values are cleaned as they are stored, and
    without nameless values (a malformed multipart part), which no form can read."""

    def __init__(self, mapping=None) -> None:
        if mapping is None:
            super().__init__()
            return
        if hasattr(mapping, "items"):
            pairs = mapping.items(multi=True) if hasattr(mapping, "getlist") else mapping.items()
        else:
            pairs = mapping
        cleaned = []
        for key, value in pairs:
            if key is None:  # a multipart part without a name: nothing can ask for it
                continue
            values = value if isinstance(value, list | tuple) else [value]
            cleaned += [(_cleaned(key), _cleaned(one)) for one in values]
        super().__init__(cleaned)


class ConsultRequest(Request):
    parameter_storage_class = CleanMultiDict
