"""Other texts residents write (a report's note, an assembly comment or reason): no `maxlength`
that cuts pasted text, and a text over the limit comes back whole, its length said."""

from __future__ import annotations

import re

from sqlalchemy import select

from consult.models import Amendment, Comment, Flag
from tests.fixtures.assembly_pages import join, members_of, post, round_path
from tests.fixtures.clients import csrf_token

HTMX = {"HX-Request": "true"}


def flag(client, submission, lang="en", headers=None, **fields):
    token = csrf_token(client, f"/ideas/{submission.id}")
    return client.post(f"/ideas/{submission.id}/flag",
                       headers={"Accept-Language": lang, **(headers or {})},
                       data={"csrf_token": token, "reason": "spam", **fields})


def test_report_note_has_no_maxlength(client, create_consultation, create_submission):
    submission = create_submission(create_consultation())
    html = client.get(f"/ideas/{submission.id}").get_data(as_text=True)
    note = re.search(r'<textarea[^>]*name="note"[^>]*>', html)[0]
    assert "maxlength" not in note


def test_report_note_too_long_is_refused_whole(client, db, create_consultation, create_submission):
    submission = create_submission(create_consultation())
    note = "This idea copies a flyer. " * 40  # 1,040 characters
    response = flag(client, submission, note=note)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("Your text has 1,039 characters; the limit is 500. "
            "Shorten it: your text is kept below.") in html
    assert f"{note.strip()}</textarea>" in html
    assert db.session.scalar(select(Flag)) is None


def test_report_note_too_long_with_htmx_says_so_in_place(client, create_consultation,
                                                         create_submission):
    submission = create_submission(create_consultation())
    response = flag(client, submission, lang="es", headers=HTMX, note="n" * 1234)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<div class="flag" id="flag">' in html and "<html" not in html
    assert "1.234" in html and "500" in html and "n" * 1234 + "</textarea>" in html


def test_assembly_text_areas_have_no_maxlength(app, open_round):
    round_, _ = open_round
    client = join(app, members_of(open_round)[0])
    html = client.get(round_path(round_)).get_data(as_text=True)
    areas = re.findall(r"<textarea[^>]*>", html)
    assert areas and not any("maxlength" in area for area in areas)


def test_comment_too_long_is_refused_whole_with_its_length(db, app, open_round):
    round_, _ = open_round
    client = join(app, members_of(open_round)[0])
    body = "w" * 2345
    response = post(client, round_, f"/rounds/{round_.id}/items/{round_.items[0].id}/comments",
                    {"body": body})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ("Your comment has 2,345 characters; the limit is 2,000. "
            "Shorten it: your text is kept below.") in html
    assert f">{body}</textarea>" in html
    assert db.session.scalar(select(Comment)) is None


def test_amendment_reason_too_long_is_refused_not_cut(db, app, open_round):
    round_, _ = open_round
    commitment = round_.items[0].commitment
    client = join(app, members_of(open_round)[0])
    reason = "r" * 2001
    client.set_cookie("locale", "es")
    response = post(client, round_, f"/rounds/{round_.id}/amendments", {
        "commitment": commitment.id, "field": "action",
        "proposed": "What Open budget data will do every week.", "rationale": reason})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "2.001" in html and "2.000" in html
    assert f">{reason}</textarea>" in html
    assert db.session.scalar(select(Amendment)) is None
