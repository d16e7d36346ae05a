"""The idea form tells the truth: its limits, a text too long kept whole, numbers in the reader's
locale, a closed consultation said before anyone writes, and "newest first" by the date shown."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from babel.numbers import format_decimal
from flask_babel import force_locale

from consult.core.base import utcnow
from consult.core.dates import format_moment
from consult.models import Channel, Phase, Submission
from tests.fixtures.clients import csrf_token


@pytest.fixture(autouse=True)
def no_minimum_fill_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)


def form_path(consultation) -> str:
    return f"/consultations/{consultation.id}/ideas/new"


def send(client, consultation, lang: str = "en", token_from: str | None = None, **fields):
    """The idea form as a browser sends it, in `lang` (CR LF line breaks included)."""
    page = token_from or form_path(consultation)
    started = re.search(r'name="started" type="hidden" value="([^"]*)"',
                        client.get(page).get_data(as_text=True))
    data = {"csrf_token": csrf_token(client, page), "started": started[1],
            "question": str(consultation.questions[0].id),
            "text": "Plant more trees along the river path", "website": "", **fields}
    return client.post(form_path(consultation), data=data, headers={"Accept-Language": lang})


def text_area(html: str) -> str:
    return re.search(r'<textarea[^>]*name="text"[^>]*>', html)[0]


def test_idea_form_says_its_limits_and_has_a_polite_counter_but_no_maxlength(
        client, create_consultation):
    html = client.get(form_path(create_consultation())).get_data(as_text=True)
    assert "Between 10 and 2,000 characters. Write in any language." in html
    counter = re.search(r'<p id="text-counter"[^>]*>', html, re.S)[0]
    assert "hidden" in counter and 'data-max="2000"' in counter
    assert 'data-message="{count} of 2,000 characters"' in counter
    assert "{count} of 2,000 characters: too long." in counter
    assert '<p id="text-counter-status" class="visually-hidden" aria-live="polite"></p>' in html
    area = text_area(html)
    assert "maxlength" not in area and "minlength" not in area
    assert 'aria-describedby="text-hint"' in area
    title = re.search(r'<input[^>]*name="title"[^>]*>', html)[0]
    assert "maxlength" not in title


@pytest.mark.parametrize(("lang", "limit"),
                         [("es", "2.000"), ("ar", format_decimal(2000, locale="ar"))])
def test_idea_form_limits_are_in_the_readers_numbers(client, create_consultation, lang, limit):
    html = client.get(form_path(create_consultation()),
                      headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    hint = re.search(r'<span id="text-hint" class="hint">([^<]*)</span>', html)[1]
    assert limit in hint and "10" in hint
    message = re.search(r'data-message="([^"]*)"', html)[1]
    assert 'data-max="2000"' in html and limit in message


def test_over_long_idea_is_refused_whole_with_its_length(client, db, create_consultation):
    consultation = create_consultation()
    typed = "Shade for the market square. " * 80 + "The end."  # 2,328 characters
    response = send(client, consultation, text=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("Your idea has 2,328 characters; the limit is 2,000. "
            "Shorten it: your text is kept below.") in html
    assert "<title>Error:" in html and 'aria-invalid="true"' in text_area(html)
    assert f"{typed.strip()}</textarea>" in html  # all of it, nothing cut
    assert db.session.query(Submission).count() == 0


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_over_long_idea_message_counts_in_the_readers_numbers(client, create_consultation, lang):
    consultation = create_consultation()
    response = send(client, consultation, lang=lang, text="x" * 2345)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    count, limit = format_decimal(2345, locale=lang), format_decimal(2000, locale=lang)
    assert f"{count}" in html and f"{limit}" in html
    if lang == "es":
        assert "2.345" in html and "2.000" in html
    assert "x" * 2345 + "</textarea>" in html


def test_too_short_idea_says_how_long_it_is(client, create_consultation):
    response = send(client, create_consultation(), text="Trees")
    assert response.status_code == 422
    assert "Your idea has 5 characters; write at least 10." in response.get_data(as_text=True)


def test_line_breaks_count_once_as_in_the_counter(client, db, create_consultation):
    consultation = create_consultation()
    lines = ["A line about the park, its benches and its lights."] * 39  # 51 with its break
    typed = "\r\n".join(lines)
    assert len(typed.replace("\r\n", "\n")) <= 2000 < len(typed)
    assert send(client, consultation, text=typed).status_code == 302
    assert db.session.query(Submission).one().text == "\n".join(lines)


def test_over_long_title_is_refused_with_its_length(client, create_consultation):
    response = send(client, create_consultation(), title="T" * 201)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The title has 201 characters; the limit is 200." in html
    assert 'value="' + "T" * 201 + '"' in html


# --- a consultation that takes no idea -----------------------------------------------------------

CLOSED_AT = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)


def closed(db, create_consultation, phase=Phase.CLOSED, closes_at=CLOSED_AT):
    consultation = create_consultation(phase=phase)
    consultation.closes_at = closes_at
    db.session.commit()
    return consultation


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.ANALYSIS, Phase.ANSWERED])
def test_idea_form_of_a_closed_consultation_says_so_and_shows_no_form(
        app, client, db, create_consultation, phase):
    consultation = closed(db, create_consultation, phase)
    response = client.get(form_path(consultation))
    html = response.get_data(as_text=True)
    with app.test_request_context(), force_locale("en"):
        when = format_moment(CLOSED_AT)
    assert response.status_code == 200
    assert f"This consultation closed on {when}: it no longer takes new ideas." in html
    assert "6:30" in when and "18:30:00" not in html and "6:30:00" not in html
    assert f'href="/consultations/{consultation.id}"' in html
    assert f'href="/consultations/{consultation.id}/ideas"' in html
    assert 'name="text"' not in html and "Send my idea" not in html


def test_closed_date_is_in_the_readers_language(app, client, db, create_consultation):
    consultation = closed(db, create_consultation)
    html = client.get(form_path(consultation),
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    with app.test_request_context(), force_locale("es"):
        when = format_moment(CLOSED_AT)
    assert "18:30" in when and "mar" in when
    assert when in html and "18:30:00" not in html


def test_consultation_closed_before_its_date_does_not_name_a_future_date(
        client, db, create_consultation):
    consultation = closed(db, create_consultation, closes_at=utcnow() + timedelta(days=3))
    html = client.get(form_path(consultation)).get_data(as_text=True)
    assert "This consultation is closed: it no longer takes new ideas." in html
    assert "closed on" not in html


def test_idea_sent_to_a_closed_consultation_is_refused_and_shown_back(
        client, db, create_consultation):
    open_one = create_consultation()
    consultation = closed(db, create_consultation)
    response = send(client, consultation, token_from=form_path(open_one),
                    text="A bench under every tree of the avenue", title="Benches")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "it no longer takes new ideas" in html and "<title>Error:" in html
    assert "What you sent" in html
    assert "readonly>A bench under every tree of the avenue</textarea>" in html
    assert 'action="/consultations/' not in html.split("What you sent")[1]  # nothing to send
    assert db.session.query(Submission).count() == 0


def test_idea_form_of_a_consultation_not_yet_open_is_not_found(client, create_consultation):
    consultation = create_consultation(phase=Phase.DRAFT, opens_at=utcnow() + timedelta(days=2))
    assert client.get(form_path(consultation)).status_code == 404


# --- "newest first" sorts by the date each card shows --------------------------------------------

def test_newest_first_sorts_by_the_date_the_idea_was_given(
        client, db, create_consultation, create_submission):
    consultation = create_consultation()
    now = utcnow()
    # Typed in today from a paper form given ten days ago, after an idea sent online yesterday.
    yesterday = now - timedelta(days=1)
    online = create_submission(consultation, text="Online idea about bicycle lanes",
                               received_at=yesterday, created_at=yesterday)
    paper = create_submission(consultation, text="Paper idea about street lights",
                              channel=Channel.PAPER, received_at=now - timedelta(days=10),
                              created_at=now)
    path = f"/consultations/{consultation.id}/ideas"
    newest = client.get(f"{path}?sort=newest").get_data(as_text=True)
    assert newest.index(online.text) < newest.index(paper.text)
    default = client.get(path).get_data(as_text=True)
    assert default.index(online.text) < default.index(paper.text)
    paper.support_count = 3
    db.session.commit()
    supported = client.get(f"{path}?sort=supported").get_data(as_text=True)
    assert supported.index(paper.text) < supported.index(online.text)


def test_idea_cards_show_the_date_the_idea_was_given(
        app, client, create_consultation, create_submission):
    consultation = create_consultation()
    given = datetime(2026, 2, 3, 9, 15, tzinfo=UTC)
    create_submission(consultation, text="Paper idea about the library hours",
                      channel=Channel.PAPER, received_at=given, created_at=utcnow())
    html = client.get(f"/consultations/{consultation.id}/ideas").get_data(as_text=True)
    with app.test_request_context(), force_locale("en"):
        assert format_moment(given) in html
