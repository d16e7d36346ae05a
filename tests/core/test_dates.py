"""Dates and times read as the reader's language writes them: no ISO, no seconds."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale

from consult.core.dates import format_day, format_moment

MOMENT = datetime(2026, 12, 5, 19, 7, 38, tzinfo=UTC)
SECONDS = re.compile(r"\d[:.]\d\d[:.]\d\d")
ISO = re.compile(r"\d{4}-\d\d-\d\d")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Dec 5, 2026, 7:07\u202fPM"),
    ("es", "5 dic 2026, 19:07"),
    ("ar", "5 ديسمبر 2026، 7:07 م"),
])
def test_format_moment_shows_the_minute_in_the_readers_words(app, lang, expected):
    with app.test_request_context(), force_locale(lang):
        shown = format_moment(MOMENT)
    assert shown.replace("\u00a0", " ") == expected.replace("\u00a0", " ")
    assert "38" not in shown and not SECONDS.search(shown) and not ISO.search(shown)


@pytest.mark.parametrize(("lang", "month"), [("en", "Dec"), ("es", "dic"), ("ar", "ديسمبر")])
def test_format_moment_short_and_long_keep_no_seconds(app, lang, month):
    with app.test_request_context(), force_locale(lang):
        short, long = format_moment(MOMENT, "short"), format_moment(MOMENT, "long")
    assert not SECONDS.search(short) and not SECONDS.search(long)
    assert month in long and "2026" in long


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Mar 1, 2027"), ("es", "1 mar 2027"), ("ar", "1 مارس 2027"),
])
def test_format_day_names_the_month(app, lang, expected):
    with app.test_request_context(), force_locale(lang):
        assert format_day(date(2027, 3, 1)) == expected


def test_nothing_is_shown_for_a_missing_date(app):
    with app.test_request_context(), force_locale("en"):
        assert (format_day(None), format_moment(None)) == ("", "")


def test_template_filters_format_dates_and_moments(app):
    with app.test_request_context(), force_locale("es"):
        shown = render_template_string(
            "{{ d|date }} · {{ m|datetime }} · {{ m|datetime('short') }}",
            d=date(2027, 1, 1), m=MOMENT)
    assert shown.startswith("1 ene 2027 · 5 dic 2026, 19:07 · ")
    assert not ISO.search(shown) and not SECONDS.search(shown)
