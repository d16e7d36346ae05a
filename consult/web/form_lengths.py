"""Length limits on what residents write, said with numbers in the reader's locale.

WTForms' `Length` renders `maxlength`, with which a browser cuts pasted text without a word:
these validators render nothing, and a text over the limit comes back whole with its length.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import format_decimal
from flask_babel import ngettext as _n
from wtforms import ValidationError

Message = Callable[[int, int], str]


def one_newline(value: str | None) -> str | None:
    """Filter: a line break counts once, as in the browser's counter (forms send CR LF)."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def text_too_long(count: int, limit: int) -> str:
    return _n("Your text has %(count)s character; the limit is %(max)s. "
              "Shorten it: your text is kept below.",
              "Your text has %(count)s characters; the limit is %(max)s. "
              "Shorten it: your text is kept below.",
              count, count=format_decimal(count), max=format_decimal(limit))


def text_too_short(count: int, limit: int) -> str:
    return _n("Your text has %(count)s character; write at least %(min)s.",
              "Your text has %(count)s characters; write at least %(min)s.",
              count, count=format_decimal(count), min=format_decimal(limit))


class CharacterLimit:
    """At most `max` characters (and, when there is text, at least `min`)."""

    def __init__(self, max: int, min: int = 0, too_long: Message = text_too_long,
                 too_short: Message = text_too_short) -> None:
        self.max, self.min = max, min
        self.too_long, self.too_short = too_long, too_short

    def __call__(self, form, field) -> None:
        count = len(field.data or "")
        if count > self.max:
            raise ValidationError(self.too_long(count, self.max))
        if 0 < count < self.min:
            raise ValidationError(self.too_short(count, self.min))
