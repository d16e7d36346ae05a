"""Dates and times as the reader writes them: Babel's formats for their locale, never ISO.

A moment is shown to the minute (Babel's "medium" datetime has seconds, which nobody needs
to follow a consultation), with the month as a word where the locale has one ("Dec 5, 2026",
"5 dic 2026", "5 ديسمبر 2026"). The `<time datetime="…">` attribute may keep ISO.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_skeleton, get_datetime_format
from flask_babel import format_datetime as babel_datetime
from flask_babel import format_time, get_locale, to_user_timezone

# Year, abbreviated month and day, in the order and words of each locale.
DAY_SKELETON = "yMMMd"


def format_day(value: date | datetime | None) -> str:
    """A day ("Dec 5, 2026"); a moment is first moved to the reader's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return format_skeleton(DAY_SKELETON, value, locale=get_locale() or "en")


def format_moment(value: datetime | None, format: str = "medium") -> str:
    """A day and a time to the minute ("Dec 5, 2026, 7:07 PM"); "short" is Babel's all-digits
    form, which has no seconds either."""
    if value is None:
        return ""
    if format == "short":
        return babel_datetime(value, "short")
    pattern = get_datetime_format("medium", locale=get_locale() or "en").replace("'", "")
    return pattern.replace("{1}", format_day(value)).replace("{0}", format_time(value, "short"))
