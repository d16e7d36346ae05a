"""The webhook as Twilio and the generic gateway post to it: a signed message becomes an idea
and the reply gives its code; anything unsigned, or signed with another secret, is refused
with 403 and stores nothing; every bad input gets a polite reply and loses nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult.core.event import Event
from consult.ideas.channels.codes import read_code
from consult.ideas.channels.models import (
    ChannelMessage,
    GatewayKind,
    HeldReason,
    MessageKind,
)
from consult.ideas.models import Channel, Submission, SubmissionStatus
from consult.models import Phase
from tests.ideas.channels.conftest import (
    NUMBER,
    SENDER,
    generic_post,
    reply_of,
    twilio_post,
)

IDEA = "Please put more benches along the river path"


@pytest.fixture
def consultation(create_consultation):
    return create_consultation(Phase.OPEN)


@pytest.fixture
def twilio(create_gateway, create_route, consultation):
    gateway = create_gateway(GatewayKind.TWILIO)
    create_route(gateway, consultation)
    return gateway


@pytest.fixture
def generic(create_gateway, create_route, consultation):
    gateway = create_gateway(GatewayKind.HMAC)
    create_route(gateway, consultation)
    return gateway


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def code_in(reply: str) -> str:
    found = [word for word in reply.replace(".", " ").replace(":", " ").split()
             if read_code(word)]
    assert len(found) == 1, reply
    return found[0]


def test_a_signed_twilio_message_becomes_an_idea_and_the_reply_gives_its_code(
        db, client, twilio, consultation):
    response = twilio_post(client, twilio, IDEA)
    assert response.status_code == 200 and response.mimetype == "text/xml"
    assert response.get_data(as_text=True).startswith('<?xml version="1.0" encoding="UTF-8"?>'
                                                      "<Response><Message>")
    reply = reply_of(response)
    code = code_in(reply)
    assert "YES" in reply  # the first reply offers news
    idea = db.session.scalar(select(Submission))
    assert (idea.text, idea.channel, idea.language, idea.consultation_id) == (
        IDEA, Channel.SMS, "en", consultation.id)
    assert idea.status is SubmissionStatus.PUBLISHED and idea.author_id is None
    message = db.session.scalar(select(ChannelMessage))
    assert (message.kind, message.submission_id, message.tracking_code) == (
        MessageKind.IDEA, idea.id, code)
    assert message.text is None  # the words live in the idea alone


def test_the_number_is_never_stored_with_a_message_nor_in_the_event_log(db, client, twilio):
    twilio_post(client, twilio, IDEA)
    message = db.session.scalar(select(ChannelMessage))
    digits = SENDER.lstrip("+")
    assert digits not in message.sender_hash and message.sender_hash
    for row in db.session.scalars(select(Event)):
        assert digits not in str(row.payload)


@pytest.mark.parametrize("how", ["unsigned", "wrong secret", "tampered"])
def test_an_unsigned_or_forged_twilio_post_is_refused_and_stores_nothing(db, client, twilio,
                                                                         how):
    if how == "tampered":
        response = client.post(
            f"/channels/{twilio.id}/inbound",
            data={"MessageSid": "SM1", "From": SENDER, "To": NUMBER, "Body": IDEA},
            headers={"X-Twilio-Signature": "0/KCTR6DLpKmkAf8muzZqo1nDgQ="})
    else:
        response = twilio_post(client, twilio, IDEA, sign=how != "unsigned",
                               secret="not-the-auth-token-at-all")
    assert response.status_code == 403
    assert count(db, Submission) == 0 and count(db, ChannelMessage) == 0


@pytest.mark.parametrize("how", ["unsigned", "wrong secret"])
def test_an_unsigned_or_forged_json_post_is_refused_and_stores_nothing(db, client, generic,
                                                                       how):
    response = generic_post(client, generic, {"text": IDEA}, sign=how != "unsigned",
                            secret="not-the-shared-key-at-all")
    assert response.status_code == 403
    assert count(db, Submission) == 0 and count(db, ChannelMessage) == 0


def test_a_signed_json_message_becomes_an_idea_and_gets_a_json_reply(db, client, generic):
    response = generic_post(client, generic, {"text": IDEA})
    assert response.status_code == 200 and response.mimetype == "application/json"
    code_in(response.get_json()["reply"])
    assert count(db, Submission) == 1


def test_a_message_posted_twice_is_stored_once_and_answered_the_same(db, client, twilio):
    first = twilio_post(client, twilio, IDEA, sid="SM" + "7" * 32)
    again = twilio_post(client, twilio, IDEA, sid="SM" + "7" * 32)
    assert first.status_code == again.status_code == 200
    assert reply_of(again) == reply_of(first) and code_in(reply_of(first))
    assert count(db, Submission) == 1 and count(db, ChannelMessage) == 1


@pytest.mark.parametrize("body", ["", "   \n "])
def test_an_empty_message_is_asked_for_text_and_nothing_is_stored(db, client, twilio, body):
    response = twilio_post(client, twilio, body)
    assert response.status_code == 200
    assert reply_of(response) == "Your message was empty. Please send your idea as text."
    assert count(db, Submission) == 0 and count(db, ChannelMessage) == 0


def test_a_picture_without_text_is_refused_politely_and_nothing_is_stored(db, client, twilio):
    response = twilio_post(client, twilio, "", NumMedia="1",
                           MediaUrl0="https://api.twilio.com/media/1",
                           MediaContentType0="image/jpeg")
    assert response.status_code == 200  # so that the gateway does not post it again
    assert reply_of(response) == "We can only read text. Please send your idea as a text message."
    assert count(db, Submission) == 0 and count(db, ChannelMessage) == 0


def test_a_non_text_json_message_is_refused_politely(db, client, generic):
    response = generic_post(client, generic, {"type": "image", "text": ""})
    assert response.status_code == 200 and "only read text" in response.get_json()["reply"]
    assert count(db, ChannelMessage) == 0


def test_a_message_in_twenty_parts_is_joined_into_one_idea(db, client, generic):
    # A long message in Spanish travels as UCS-2: 67 characters a part.
    parts = [f"Parte {n:02d}: queremos más árboles y bancos en la plaza mayor del barrio, "
             "por favor."[:67] for n in range(1, 21)]
    assert all(len(part) == 67 for part in parts)
    response = generic_post(client, generic, {"parts": parts})
    assert response.status_code == 200
    idea = db.session.scalar(select(Submission))
    assert idea.text == "".join(parts).strip() and len(idea.text) >= 1300
    assert idea.language == "es" and response.get_json()["reply"].startswith("Gracias")


def test_a_message_too_long_for_one_idea_is_held_for_the_team(db, client, generic):
    response = generic_post(client, generic, {"parts": ["More trees please. " * 8] * 20})
    assert "too long for one idea" in response.get_json()["reply"]
    message = db.session.scalar(select(ChannelMessage))
    assert message.kind is MessageKind.HELD and message.held_reason is HeldReason.TOO_LONG
    assert len(message.text) > 2000 and count(db, Submission) == 0


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.ANALYSIS])
def test_a_message_to_a_closed_consultation_is_kept_for_the_team(db, client, twilio,
                                                                 consultation, phase):
    consultation.phase = phase
    db.session.commit()
    response = twilio_post(client, twilio, IDEA)
    assert reply_of(response) == ("This consultation is closed and takes no new ideas. We kept "
                                  "your message for the team.")
    message = db.session.scalar(select(ChannelMessage))
    assert (message.kind, message.held_reason, message.text, message.consultation_id) == (
        MessageKind.HELD, HeldReason.CLOSED, IDEA, consultation.id)
    assert count(db, Submission) == 0
    held = db.session.scalar(select(Event).where(Event.action == "channel_message.held"))
    assert held.payload == {"reason": "closed"}


def test_a_message_to_an_unknown_number_is_kept_for_the_team(db, client, twilio):
    response = twilio_post(client, twilio, IDEA, to="+15550177777")
    assert "leads to no consultation" in reply_of(response)
    message = db.session.scalar(select(ChannelMessage))
    assert message.held_reason is HeldReason.UNMAPPED and message.consultation_id is None
    assert count(db, Submission) == 0


def test_a_too_short_message_is_answered_and_becomes_no_idea(db, client, twilio):
    response = twilio_post(client, twilio, "Trees!")
    assert reply_of(response) == "Your idea is too short: please write at least 10 characters."
    assert count(db, Submission) == 0


def test_a_consultation_for_signed_in_residents_keeps_the_message_for_the_team(
        db, client, twilio, consultation):
    consultation.allow_anonymous = False
    db.session.commit()
    response = twilio_post(client, twilio, IDEA)
    assert "cannot take ideas by text message" in reply_of(response)
    assert db.session.scalar(select(ChannelMessage)).held_reason is HeldReason.REFUSED


def test_a_keyword_leads_to_its_consultation_and_is_taken_off_the_idea(
        db, client, twilio, create_consultation, create_route):
    parks = create_consultation(Phase.OPEN, title="Parks")
    create_route(twilio, parks, number="", keyword="PARK")
    twilio_post(client, twilio, "park: " + IDEA)
    idea = db.session.scalar(select(Submission))
    assert (idea.consultation_id, idea.text) == (parks.id, IDEA)


def test_a_whatsapp_gateway_brings_whatsapp_ideas(db, client, create_gateway, create_route,
                                                  consultation):
    gateway = create_gateway(GatewayKind.TWILIO, Channel.WHATSAPP)
    create_route(gateway, consultation)
    twilio_post(client, gateway, IDEA, sender="whatsapp:" + SENDER, to="whatsapp:" + NUMBER)
    assert db.session.scalar(select(Submission)).channel is Channel.WHATSAPP


def test_over_the_senders_daily_limit_messages_are_held_and_told_once(
        db, client, app, twilio, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_PER_SENDER_PER_DAY", 2)
    for n in range(2):
        twilio_post(client, twilio, f"{IDEA}, number {n}")
    told = twilio_post(client, twilio, IDEA + ", the third")
    silent = twilio_post(client, twilio, IDEA + ", the fourth")
    assert "the most messages allowed in a day" in reply_of(told)
    assert reply_of(silent) == ""  # each reply costs: told once
    assert count(db, Submission) == 2
    held = db.session.scalars(select(ChannelMessage).where(
        ChannelMessage.kind == MessageKind.HELD)).all()
    assert [m.held_reason for m in held] == [HeldReason.SENDER_LIMIT] * 2
    assert [m.text for m in held] == [IDEA + ", the third", IDEA + ", the fourth"]
    other = twilio_post(client, twilio, IDEA, sender="+15550100002")
    assert code_in(reply_of(other))  # another sender is not held back


def test_over_the_organisations_daily_budget_ideas_are_stored_without_a_reply(
        db, client, app, twilio, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_PER_ORGANISATION_PER_DAY", 1)
    assert code_in(reply_of(twilio_post(client, twilio, IDEA)))
    second = twilio_post(client, twilio, IDEA, sender="+15550100002")
    assert second.status_code == 200 and reply_of(second) == ""
    assert count(db, Submission) == 2


def test_a_premoderated_consultation_keeps_the_idea_waiting(db, client, twilio, consultation):
    consultation.premoderated = True
    db.session.commit()
    twilio_post(client, twilio, IDEA)
    assert db.session.scalar(select(Submission)).status is SubmissionStatus.PENDING


def test_an_unknown_gateway_is_not_found(db, client, twilio):
    response = client.post("/channels/9999/inbound", data={"Body": IDEA})
    assert response.status_code == 404 and count(db, ChannelMessage) == 0


@pytest.mark.parametrize("payload", [
    {"text": 3}, {"parts": "not a list"}, {"parts": ["a"] * 51}, {"from": ""},
    {"id": "x" * 65, "text": IDEA}])
def test_a_signed_but_malformed_json_message_is_a_400(db, client, generic, payload):
    response = generic_post(client, generic, payload)
    assert response.status_code == 400 and count(db, ChannelMessage) == 0


def test_a_signed_body_that_is_not_json_is_a_400(db, client, generic):
    from consult.ideas.channels.signatures import HMAC_HEADER, hmac_signature

    body = b"From=+1555&Body=hello"
    response = client.post(f"/channels/{generic.id}/inbound", data=body, headers={
        HMAC_HEADER: hmac_signature(body, generic.secret),
        "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400


def test_a_twilio_message_without_its_id_is_a_400(db, client, twilio):
    response = twilio_post(client, twilio, IDEA, MessageSid="")
    assert response.status_code == 400 and count(db, ChannelMessage) == 0


def test_a_picture_with_text_keeps_the_text_as_the_idea(db, client, twilio):
    response = twilio_post(client, twilio, IDEA, NumMedia="1",
                           MediaUrl0="https://api.twilio.com/media/1")
    assert code_in(reply_of(response))
    assert db.session.scalar(select(Submission.text)) == IDEA


def test_nothing_logged_names_the_sender(db, client, twilio, caplog):
    caplog.set_level("DEBUG")
    for body in (IDEA, "YES", "", "Trees!", "STOP"):
        twilio_post(client, twilio, body)
    twilio_post(client, twilio, IDEA, sign=False)
    assert SENDER.lstrip("+") not in caplog.text
