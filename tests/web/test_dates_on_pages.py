"""No page a resident reaches shows a date in ISO form or a time to the second, in any of
the languages tried; `<time datetime="…">` may keep ISO in its attribute."""

from __future__ import annotations

import html
import re

import pytest

from tests.fixtures.long_text import ISO_DATE, build_long_texts, public_pages

HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)


def visible_text(page: str) -> str:
    """The text a reader sees: no tags, so no attribute values either."""
    return html.unescape(HIDDEN.sub(" ", page))


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_public_pages_show_dates_in_the_readers_words(
        client, db, organisation, create_consultation, create_submission, create_user,
        open_round, lang):
    texts = build_long_texts(db, organisation, create_consultation, create_submission,
                             create_user, open_round)
    client.set_cookie("locale", lang)
    shown = {}
    for name, path in public_pages(texts).items():
        response = client.get(path)
        assert response.status_code == 200, name
        shown[name] = ISO_DATE.findall(visible_text(response.get_data(as_text=True)))
    assert {name: found for name, found in shown.items() if found} == {}
    # The plan's dates are there, in words: the check above did look at them.
    plan_page = visible_text(client.get(public_pages(texts)["plan"]).get_data(as_text=True))
    assert {"en": "Jan 1, 2026", "es": "1 ene 2026", "ar": "1 يناير 2026"}[lang] in plan_page
