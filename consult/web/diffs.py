"""A word-level diff of two texts as HTML (<del>/<ins>), for the history of a commitment."""

from __future__ import annotations

import difflib
import re

from markupsafe import Markup, escape

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: object, new: object) -> Markup:
    """Removed words in <del>, added ones in <ins>; everything escaped."""
    before, after = _TOKENS.findall(_text(old)), _TOKENS.findall(_text(new))
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(Markup("<del>%s</del>") % "".join(before[a1:a2]))
        if b2 > b1:
            parts.append(Markup("<ins>%s</ins>") % "".join(after[b1:b2]))
    return Markup("").join(parts)


def _text(value: object) -> str:
    return "" if value is None else str(value)
