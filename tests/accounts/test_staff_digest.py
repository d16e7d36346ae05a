"""Staff's daily mail of what waits for them: ideas to moderate for moderators, answers to
review and answers due for officials, rounds closing for those who run assemblies; nothing to
residents or to staff with nothing waiting; once a day; in the reader's language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from consult.accounts import staff_digest
from consult.core.base import utcnow
from consult.models import Phase, ResponseStatus, SubmissionStatus
from consult.responses import answering, digests
from tests.fixtures import follows

outbox = follows.outbox


@pytest.fixture(autouse=True)
def base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "CONSULT_BASE_URL", "https://consult.example.org")


def send(db, now=None) -> int:
    return staff_digest.send_all(db.session, digests.link_builder, now)


def mail_to(outbox, user):
    found = [message for message in outbox if message.to == [user.email]]
    assert len(found) <= 1
    return found[0] if found else None


def test_each_role_gets_what_waits_for_it(db, outbox, create_consultation, create_submission,
                                          create_user):
    moderated = create_consultation(premoderated=True)
    create_submission(moderated, "An idea waiting for a moderator",
                      status=SubmissionStatus.PENDING)
    owed = create_consultation(Phase.ANALYSIS, office="Parks department")
    owed.closes_at = utcnow() - timedelta(days=owed.response_days - 3)  # due in 3 days
    idea = create_submission(owed, "Plant trees along the river")
    drafter, reviewer = create_user("official"), create_user("official")
    answer = answering.draft_answer(db.session, drafter, idea, ResponseStatus.ACCEPTED, "Yes.")
    answering.submit_for_review(db.session, drafter, answer)
    facilitator, resident = create_user("facilitator"), create_user("resident")
    db.session.commit()

    assert send(db) >= 3

    to_facilitator = mail_to(outbox, facilitator).body
    assert "1 idea waits for moderation." in to_facilitator
    assert "https://consult.example.org/facilitate/moderation" in to_facilitator
    to_reviewer = mail_to(outbox, reviewer).body
    assert "1 answer waits for your review." in to_reviewer
    assert f"“{owed.title}”: 1 idea still needs its answer" in to_reviewer
    assert "waits for your review" not in mail_to(outbox, drafter).body  # their own answer
    assert mail_to(outbox, resident) is None


def test_nobody_gets_a_mail_when_nothing_waits(db, outbox, create_user):
    create_user("facilitator"), create_user("official")

    assert send(db) == 0 and outbox == []


def test_it_is_sent_once_a_day(db, outbox, create_consultation, create_submission, create_user):
    create_submission(create_consultation(premoderated=True), "Waiting for a moderator",
                      status=SubmissionStatus.PENDING)
    facilitator = create_user("facilitator")
    now = utcnow()

    assert send(db, now) == 1 and send(db, now + timedelta(hours=2)) == 0
    assert send(db, now + timedelta(days=1)) == 1
    assert len([m for m in outbox if m.to == [facilitator.email]]) == 2


def test_it_speaks_the_readers_language(db, outbox, create_consultation, create_submission,
                                        create_user):
    create_submission(create_consultation(premoderated=True), "Waiting for a moderator",
                      status=SubmissionStatus.PENDING)
    facilitator = create_user("facilitator")
    facilitator.locale = "fr"
    db.session.commit()

    send(db)

    message = mail_to(outbox, facilitator)
    assert message.extra_headers["Content-Language"] == "fr"
    assert "modération" in message.body and message.subject != "What waits for you today"


def test_who_runs_assemblies_hears_of_a_round_closing_within_the_week(db, outbox, open_round):
    round_, facilitator = open_round  # closes in 7 days

    send(db, utcnow() + timedelta(hours=1))

    body = mail_to(outbox, facilitator).body
    assert f"The round “{round_.title}” of the assembly closes on" in body
    assert f"/assemblies/{round_.assembly_id}" in body
