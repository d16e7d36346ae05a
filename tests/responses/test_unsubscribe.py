"""The unsubscribe link of residents' mail: a confirmation page, and the RFC 8058 one-click POST
that mail clients send without a CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.core.base import utcnow
from consult.core.tokens import tracking_token, unsubscribe_token
from consult.models import MailOptOut, Notice, NoticeKind, Phase
from consult.responses import notices

FORGED_MESSAGE = "This unsubscribe link is not valid."


@pytest.fixture
def notices_for_ana(db, create_consultation, create_submission):
    """One notice already sent to ana@example.org and one still waiting."""
    idea = create_submission(create_consultation(Phase.ANSWERED), contact_email="ana@example.org")
    sent = Notice(email="ana@example.org", kind=NoticeKind.ANSWERED, submission_id=idea.id,
                  ref_id=1, sent_at=utcnow())
    waiting = Notice(email="ana@example.org", kind=NoticeKind.ANSWERED, submission_id=idea.id,
                     ref_id=2)
    db.session.add_all([sent, waiting])
    db.session.commit()
    return sent, waiting


def unsubscribe_path(email: str = "ana@example.org") -> str:
    return f"/mail/unsubscribe/{unsubscribe_token(email)}"


def test_unsubscribe_link_shows_a_confirmation_form_without_unsubscribing(client, db):
    path = unsubscribe_path()

    response = client.get(path)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<form method="post" action="{path}">' in html
    assert "Stop all mail to this address" in html
    assert db.session.scalars(select(MailOptOut)).all() == []


def test_one_click_post_unsubscribes_without_a_csrf_token(client, db, notices_for_ana):
    sent, waiting = notices_for_ana

    response = client.post(unsubscribe_path("Ana@Example.org"),
                           data={"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You will get no more mail from us" in response.get_data(as_text=True)
    assert notices.is_opted_out(db.session, "ana@example.org")
    remaining = db.session.scalars(select(Notice)).all()
    assert [n.id for n in remaining] == [sent.id]  # the waiting news is dropped, history kept


def test_unsubscribing_twice_is_harmless(client, db):
    assert client.post(unsubscribe_path()).status_code == 200
    assert client.post(unsubscribe_path()).status_code == 200
    assert len(db.session.scalars(select(MailOptOut)).all()) == 1


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("token", [
    "not-a-token",
    "ImFuYUBleGFtcGxlLm9yZyI",  # the address alone, unsigned
    "ImFuYUBleGFtcGxlLm9yZyI.forged-signature",
])
def test_forged_unsubscribe_link_is_refused_with_a_clear_message(client, db, method, token):
    response = getattr(client, method)(f"/mail/unsubscribe/{token}")

    assert response.status_code == 403
    assert FORGED_MESSAGE in response.get_data(as_text=True)
    assert db.session.scalars(select(MailOptOut)).all() == []


def test_tampered_unsubscribe_link_is_refused(app, client, db):
    with app.test_request_context():
        genuine = unsubscribe_token("ana@example.org")
        other_kind = tracking_token(1, "nonce")  # signed, but for another purpose
    # A character well inside the signature: the last one's low bits may be base64 padding.
    tampered = genuine[:-6] + ("A" if genuine[-6] != "A" else "B") + genuine[-5:]

    for token in (tampered, other_kind):
        response = client.post(f"/mail/unsubscribe/{token}")
        assert response.status_code == 403
        assert FORGED_MESSAGE in response.get_data(as_text=True)
    assert db.session.scalars(select(MailOptOut)).all() == []


def test_other_forms_still_need_their_csrf_token(client, create_consultation, create_submission):
    idea = create_submission(create_consultation(Phase.OPEN))

    assert client.post(f"/ideas/{idea.id}/support").status_code == 400
