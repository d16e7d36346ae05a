"""What changed between two texts, word by word, as two readable blocks: the old text with
its deletions marked, and the new one with its insertions (a commitment's history, an
amendment). Everything the texts contain is escaped."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

# Words, the spaces between them, and punctuation apart, so that "do." -> "do every month."
# inserts two words instead of replacing one (Latin, Arabic and CJK marks alike).
_PUNCTUATION = r""".,;:!?¿¡()\[\]{}"'«»“”‘’…،؛؟。、！？：；（）「」"""
_TOKENS = re.compile(rf"\s+|[{_PUNCTUATION}]+|[^\s{_PUNCTUATION}]+")
# An unchanged stretch longer than this (in tokens: words and the spaces between them) keeps
# CONTEXT tokens next to each change and shows "…" for the rest, in both blocks alike.
CONTEXT = 24
LONGEST_UNCHANGED = 2 * CONTEXT + 40
_LINE_ENDS = re.compile(r"\r\n?")


@dataclass(frozen=True)
class TextChange:
    """The old text with <del> around what went, the new one with <ins> around what came."""

    before: Markup
    after: Markup


def word_diff(old: object, new: object) -> TextChange:
    """The two sides of the change from `old` to `new`; long unchanged stretches shortened.

    Each <del>/<ins> is announced to screen readers by visually hidden words ("deleted:",
    "end of deletion"), in the reader's language.
    """
    before, after = _TOKENS.findall(_text(old)), _TOKENS.findall(_text(new))
    old_parts: list[Markup] = []
    new_parts: list[Markup] = []
    opcodes = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    for index, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        if tag == "equal":
            same = _unchanged(before[a1:a2], first=index == 0, last=index == len(opcodes) - 1)
            old_parts.append(same)
            new_parts.append(same)
            continue
        if a2 > a1:
            old_parts.append(_marked("del", before[a1:a2], _("deleted:"), _("end of deletion")))
        if b2 > b1:
            new_parts.append(_marked("ins", after[b1:b2], _("inserted:"), _("end of insertion")))
    return TextChange(Markup("").join(old_parts), Markup("").join(new_parts))


# Visually hidden words say where each change starts and ends; they carry their own `dir`
# so that `dir="auto"` on the block takes its direction from the text, not from them.
_GAP = Markup('{head}<span class="text-change-gap">…'
              '<span class="visually-hidden" dir="auto"> {left_out}</span></span>{tail}')
_MARKS = {
    "del": Markup('{lead}<span class="visually-hidden" dir="auto">{start} </span><del>{words}'
                  '</del><span class="visually-hidden" dir="auto"> {end}</span>{trail}'),
    "ins": Markup('{lead}<span class="visually-hidden" dir="auto">{start} </span><ins>{words}'
                  '</ins><span class="visually-hidden" dir="auto"> {end}</span>{trail}'),
}


def _unchanged(tokens: list[str], first: bool, last: bool) -> Markup:
    if len(tokens) <= LONGEST_UNCHANGED or (first and last):
        return escape("".join(tokens))
    head = "" if first else "".join(tokens[:CONTEXT]).rstrip() + " "
    tail = "" if last else " " + "".join(tokens[-CONTEXT:]).lstrip()
    return _GAP.format(head=head, tail=tail, left_out=_("unchanged text left out"))


def _marked(tag: str, tokens: list[str], start: str, end: str) -> Markup:
    """`tokens` in `tag`; the spaces at either end left outside, unless there is nothing else."""
    text = "".join(tokens)
    words = text.strip() or text
    at = text.index(words)
    return _MARKS[tag].format(lead=text[:at], start=start, words=words, end=end,
                              trail=text[at + len(words):])


def _text(value: object) -> str:
    """The text with its line ends alike: a browser sends CRLF, an import or the CLI LF."""
    return "" if value is None else _LINE_ENDS.sub("\n", str(value))
