"""Passages: exact quotes of an idea, as character offsets into its text as stored.

An offset counts characters (code points) of the stored text, line ends included as stored
(CR LF is two characters). The editor shows the text in pieces that each carry the offset
they start at, so a selection in the browser maps back to the stored text whatever the
browser does to line ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from consult.core.errors import ConsultError

LINE_END = re.compile(r"\r\n|\r|\n")


class LinkError(ConsultError):
    """A refused link; `field` names the form field at fault, when there is one."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_passage(text: str, start: int, end: int) -> None:
    """Refuse a passage that is empty, reversed, or not within ``text``."""
    if start < 0:
        raise LinkError(_l("The passage must lie within the idea's %(n)s characters.",
                           n=len(text)), "passage_start")
    if end <= start:
        raise LinkError(_l("The passage must end after it starts."), "passage_end")
    if end > len(text):
        raise LinkError(_l("The passage must lie within the idea's %(n)s characters.",
                           n=len(text)), "passage_end")


@dataclass(frozen=True)
class Piece:
    """A line of the text, or a line end, and the offset it starts at."""

    at: int
    text: str
    line_end: bool = False


def pieces(text: str) -> list[Piece]:
    """``text`` as lines and line ends, each with its offset in ``text``."""
    found, at = [], 0
    for match in LINE_END.finditer(text):
        if match.start() > at:
            found.append(Piece(at, text[at:match.start()]))
        found.append(Piece(match.start(), match.group(), line_end=True))
        at = match.end()
    if at < len(text):
        found.append(Piece(at, text[at:]))
    return found
