"""Residents' notices and their daily digest, sent to a real SMTP server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from consult.core.base import utcnow
from consult.core.tokens import read_unsubscribe_token
from consult.models import (
    Commitment,
    Notice,
    NoticeKind,
    Phase,
    ProvenanceLink,
    Response,
    ResponseState,
    ResponseStatus,
    Submission,
    Theme,
)
from consult.plans import drafting as plans
from consult.record import personal_data
from consult.responses import digests, notices
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.smtp import free_port

BASE_URL = "https://consult.example.org/city"


@pytest.fixture(autouse=True)
def base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "CONSULT_BASE_URL", BASE_URL)


@pytest.fixture
def consultation(create_consultation):
    return create_consultation(Phase.ANSWERED)


@pytest.fixture
def publish_answer(db):
    def factory(idea, status=ResponseStatus.ACCEPTED, text="We will do it next spring.",
                state=ResponseState.PUBLISHED, **fields) -> Response:
        response = Response(consultation_id=idea.consultation_id, submission_id=idea.id,
                            status=status, text=text, state=state, published_at=utcnow(),
                            **fields)
        db.session.add(response)
        db.session.flush()
        notices.queue_answered(db.session, response)
        db.session.commit()
        return response

    return factory


def pending(db, email=None) -> list[Notice]:
    query = select(Notice).where(Notice.sent_at.is_(None)).order_by(Notice.id)
    if email:
        query = query.where(Notice.email == email)
    return list(db.session.scalars(query))


def test_send_digests_sends_one_mail_per_resident_holding_all_their_news(
        db, smtp_server, consultation, create_submission, publish_answer):
    first = create_submission(consultation, "Light the riverside path",
                              contact_email="Ana@Example.org")
    second = create_submission(consultation, "Open the library on Sundays",
                               contact_email="ana@example.org")
    other = create_submission(consultation, "A bus to the hospital",
                              contact_email="ben@example.org")
    publish_answer(first, text="The path gets lights in May.", office="Public works")
    publish_answer(second, ResponseStatus.NOT_ACCEPTED, text="The budget does not allow it.")
    publish_answer(other)

    report = digests.send_digests(db.session)

    assert (report.mails, report.notices, report.failed) == (2, 3, 0)
    by_recipient = {m["To"]: m for m in smtp_server.messages}
    assert set(by_recipient) == {"ana@example.org", "ben@example.org"}
    body = by_recipient["ana@example.org"].get_content()
    for expected in ("Light the riverside path", "Accepted", "The path gets lights in May.",
                     "Public works", "Open the library on Sundays", "Not accepted",
                     "The budget does not allow it.", f"{BASE_URL}/ideas/{first.id}",
                     f"{BASE_URL}/ideas/{second.id}"):
        assert expected in body
    assert "A bus to the hospital" not in body
    assert pending(db) == []
    assert {n.attempts for n in db.session.scalars(select(Notice))} == {1}


def test_send_digests_sends_nothing_twice(db, smtp_server, consultation, create_submission,
                                          publish_answer):
    answer = publish_answer(create_submission(consultation, contact_email="ana@example.org"))
    digests.send_digests(db.session)
    notices.queue_answered(db.session, answer)  # published again by mistake: nothing new

    assert digests.send_digests(db.session).mails == 0
    assert len(smtp_server.messages) == 1


def test_send_digests_writes_in_the_language_of_the_idea(db, smtp_server, consultation,
                                                         create_submission, publish_answer):
    publish_answer(create_submission(consultation, "Más árboles en la plaza", language="es",
                                     contact_email="lucia@example.org"))
    publish_answer(create_submission(consultation, "Plus de bancs", language="fr",
                                     contact_email="louise@example.org"))
    publish_answer(create_submission(consultation, "Benches", language="sw",
                                     contact_email="amani@example.org"))

    digests.send_digests(db.session)

    mails = {m["To"]: m for m in smtp_server.messages}
    assert mails["lucia@example.org"]["Content-Language"] == "es"
    assert "Aceptada" in mails["lucia@example.org"].get_content()
    assert mails["louise@example.org"]["Content-Language"] == "fr"
    assert "Accepté" in mails["louise@example.org"].get_content()
    # A language the site has no catalog for falls back to the default locale.
    assert mails["amani@example.org"]["Content-Language"] == "en"
    assert "Accepted" in mails["amani@example.org"].get_content()


def test_send_digests_sets_one_click_unsubscribe_headers_and_link(
        db, smtp_server, consultation, create_submission, publish_answer):
    publish_answer(create_submission(consultation, contact_email="ana@example.org"))

    digests.send_digests(db.session)

    message = smtp_server.messages[0]
    link = message["List-Unsubscribe"].strip().strip("<>")  # a long header may be folded
    assert link.startswith(f"{BASE_URL}/mail/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert b"=?" not in smtp_server.raw[0]  # no encoded words: clients read the link as is
    assert link in message.get_content()
    assert read_unsubscribe_token(urlsplit(link).path.rsplit("/", 1)[1]) == "ana@example.org"


def test_queue_answered_skips_opted_out_addresses(db, smtp_server, consultation,
                                                  create_submission, publish_answer):
    notices.opt_out(db.session, "ANA@example.org")
    publish_answer(create_submission(consultation, contact_email="ana@example.org"))
    waiting = publish_answer(create_submission(consultation, contact_email="ben@example.org"))
    notices.opt_out(db.session, "ben@example.org")  # after the notice was queued
    db.session.commit()

    assert digests.send_digests(db.session).mails == 0
    assert smtp_server.messages == []
    assert db.session.scalars(select(Notice).where(Notice.ref_id == waiting.id)).all() == []


def test_queue_answered_skips_an_anonymous_idea_without_email(db, smtp_server, consultation,
                                                              create_submission, publish_answer):
    publish_answer(create_submission(consultation))

    assert pending(db) == []
    assert digests.send_digests(db.session).mails == 0
    assert smtp_server.messages == []


def test_queue_answered_uses_the_account_email_without_contact_email(
        db, smtp_server, consultation, create_submission, create_user, publish_answer):
    resident = create_user("resident", email="carla@example.org")
    publish_answer(create_submission(consultation, author_id=resident.id))

    digests.send_digests(db.session)

    assert [m["To"] for m in smtp_server.messages] == ["carla@example.org"]


def test_send_digests_drops_the_news_of_an_erased_account(
        db, smtp_server, consultation, create_submission, create_user, publish_answer):
    resident = create_user("resident", email="carla@example.org")
    publish_answer(create_submission(consultation, author_id=resident.id))
    personal_data.erase_account(db.session, resident)
    db.session.commit()

    assert digests.send_digests(db.session).mails == 0
    assert smtp_server.messages == []
    assert db.session.scalars(select(Notice)).all() == []


def test_queue_answered_ignores_an_answer_not_yet_published(db, consultation, create_submission,
                                                            publish_answer):
    publish_answer(create_submission(consultation, contact_email="ana@example.org"),
                   state=ResponseState.IN_REVIEW)

    assert pending(db) == []


def test_queue_answered_gives_each_idea_of_a_theme_answer_one_notice(
        db, consultation, create_submission, publish_answer):
    theme = Theme(consultation_id=consultation.id, label="Parks")
    db.session.add(theme)
    ideas = [create_submission(consultation, f"Idea {n}", contact_email=f"r{n}@example.org")
             for n in range(3)]
    publish_answer(ideas[2], ResponseStatus.ALREADY_IN_PLACE)  # its own answer stands
    theme_answer = Response(consultation_id=consultation.id, theme_id=theme.id,
                            status=ResponseStatus.PARTLY_ACCEPTED, state=ResponseState.PUBLISHED)
    db.session.add(theme_answer)
    db.session.flush()
    rows = [Response(consultation_id=consultation.id, submission_id=idea.id,
                     from_theme_id=theme_answer.id, status=theme_answer.status,
                     state=ResponseState.PUBLISHED) for idea in ideas]
    db.session.add_all(rows)

    notices.queue_answered(db.session, theme_answer)
    for row in rows:  # a caller may also queue row by row
        notices.queue_answered(db.session, row)
    db.session.commit()

    assert sorted((n.email, n.ref_id) for n in pending(db)) == [
        ("r0@example.org", rows[0].id), ("r1@example.org", rows[1].id),
        ("r2@example.org", db.session.scalar(select(Response.id).where(
            Response.submission_id == ideas[2].id, Response.from_theme_id.is_(None))))]


def test_send_digests_keeps_notices_while_the_server_is_down_then_delivers(
        db, smtp_server, use_smtp, consultation, create_submission, publish_answer):
    publish_answer(create_submission(consultation, contact_email="ana@example.org"))
    publish_answer(create_submission(consultation, contact_email="ben@example.org"))
    use_smtp(free_port())  # nothing listens there

    report = digests.send_digests(db.session)

    assert (report.mails, report.failed) == (0, 2)
    waiting = pending(db)
    assert [n.attempts for n in waiting] == [1, 1]
    assert all("ConnectionRefusedError" in n.last_error for n in waiting)

    use_smtp(smtp_server.port)
    assert digests.send_digests(db.session).mails == 2
    assert pending(db) == []
    assert sorted(m["To"] for m in smtp_server.messages) == ["ana@example.org",
                                                             "ben@example.org"]


def test_send_digests_keeps_refused_notices_and_carries_on(db, smtp_server, consultation,
                                                          create_submission, publish_answer):
    publish_answer(create_submission(consultation, contact_email="ana@example.org"))
    publish_answer(create_submission(consultation, contact_email="ben@example.org"))
    smtp_server.refused_recipients.add("ana@example.org")

    report = digests.send_digests(db.session)

    assert (report.mails, report.failed) == (1, 1)
    assert [m["To"] for m in smtp_server.messages] == ["ben@example.org"]
    [refused] = pending(db)
    assert (refused.email, refused.attempts) == ("ana@example.org", 1)
    assert refused.last_error.startswith("550 5.1.1")

    smtp_server.refused_recipients.clear()
    assert digests.send_digests(db.session).mails == 1
    assert pending(db) == []


def test_send_digests_keeps_notices_whose_content_the_server_refuses(
        db, smtp_server, consultation, create_submission, publish_answer):
    publish_answer(create_submission(consultation, contact_email="ana@example.org"))
    smtp_server.refuse = True

    assert digests.send_digests(db.session).failed == 1
    [refused] = pending(db)
    assert refused.attempts == 1
    assert refused.last_error.startswith("550 5.7.1")

    smtp_server.refuse = False
    assert digests.send_digests(db.session).mails == 1


def test_publish_commitment_tells_the_ideas_of_its_themes_once_the_plan_is_public(
        db, smtp_server, plan, clustered):
    consultation, _run, facilitator = clustered
    theme = live_themes(db.session, consultation.id)[0]
    members = [idea_id for idea_id, theme_id in current_memberships(
        db.session, consultation.id).items() if theme_id == theme.id]
    commitment = Commitment(plan=plan, position=1, title="Safer streets for everyone")
    db.session.add(commitment)
    db.session.flush()
    db.session.add(ProvenanceLink(commitment_id=commitment.id, theme_id=theme.id))
    idea = db.session.get(Submission, members[0])
    idea.contact_email = "dana@example.org"

    plans.publish_commitment(db.session, facilitator, commitment)
    db.session.commit()

    [notice] = pending(db)
    assert (notice.kind, notice.submission_id, notice.ref_id) == (
        NoticeKind.FED_COMMITMENT, idea.id, commitment.id)
    assert digests.send_digests(db.session).mails == 0  # the plan is not public yet
    assert pending(db) == [notice]

    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    assert digests.send_digests(db.session).mails == 1
    body = smtp_server.messages[0].get_content()
    assert "Safer streets for everyone" in body
    assert f"{BASE_URL}/commitments/{commitment.id}" in body
