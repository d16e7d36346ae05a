"""On the site: a tracking code typed in a form shows its idea's status; the channel is named
on the idea's page, counted in "you said, we did" and given in the open data."""

from __future__ import annotations

import json

import jsonschema
import pytest
from sqlalchemy import select

from consult.ideas.channels.models import GatewayKind
from consult.ideas.models import Channel, Submission
from consult.models import Phase, ResponseStatus
from consult.record import open_data
from consult.responses import accountability, answering
from tests.ideas.channels.conftest import reply_of, twilio_post
from tests.ideas.channels.test_webhook import IDEA, code_in


@pytest.fixture
def consultation(create_consultation):
    return create_consultation(Phase.OPEN)


@pytest.fixture
def whatsapp(create_gateway, create_route, consultation):
    gateway = create_gateway(GatewayKind.TWILIO, Channel.WHATSAPP)
    create_route(gateway, consultation)
    return gateway


@pytest.fixture
def code(client, whatsapp) -> str:
    return code_in(reply_of(twilio_post(client, whatsapp, IDEA)))


def test_the_form_asks_for_a_code(client):
    response = client.get("/track-code")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Follow an idea by its code" in page and 'name="code"' in page


def test_a_code_typed_shows_the_status_and_leads_to_the_idea(db, client, code):
    response = client.post("/track-code", data={"code": code.lower()})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"Idea {code}: published, waiting for an answer." in page
    idea = db.session.scalar(select(Submission))
    assert f"/ideas/{idea.id}" in page
    assert "+1555" not in page  # nothing of the sender


def test_the_status_on_the_site_is_in_the_readers_language(db, client, code, create_user):
    official = create_user("official")
    idea = db.session.scalar(select(Submission))
    draft = answering.draft_answer(db.session, official, idea, ResponseStatus.PARTLY_ACCEPTED,
                                   "Plantaremos árboles en la orilla el próximo año.")
    answering.publish(db.session, official, draft)
    db.session.commit()
    client.set_cookie("locale", "es")
    page = client.post("/track-code", data={"code": code}).get_data(as_text=True)
    assert f"Idea {code}: respondida (Aceptada en parte): Plantaremos árboles" in page


@pytest.mark.parametrize(("code", "status", "message"), [
    ("", 422, "Type the code you were sent."),
    ("12345", 422, "A code has 8 letters and digits"),
    ("K7PX3QMZ", 404, "No idea has this code."),
])
def test_a_wrong_code_is_refused_with_its_reason(db, client, code, status, message):
    response = client.post("/track-code", data={"code": code})
    assert response.status_code == status and message in response.get_data(as_text=True)


def test_a_code_form_sent_from_another_site_is_refused(db, client, code):
    response = client.post("/track-code", data={"code": code},
                           headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 400


def test_looking_codes_up_is_limited_per_visitor(db, client, app, rate_limits, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_TRACK_CODE", "2 per minute")
    statuses = [client.post("/track-code", data={"code": "K7PX3QMZ"}).status_code
                for _ in range(3)]
    assert statuses == [404, 404, 429]


def test_the_idea_page_names_its_channel(db, client, code):
    idea = db.session.scalar(select(Submission))
    assert "WhatsApp" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_you_said_we_did_counts_the_ideas_of_each_channel(db, client, code, consultation,
                                                          create_submission, create_user):
    for _ in range(2):
        create_submission(consultation, "Safer crossings near the school")
    sms = create_submission(consultation, "Fix the lights on the bridge", channel=Channel.SMS)
    official = create_user("official")
    answering.publish(db.session, official, answering.draft_answer(
        db.session, official, sms, ResponseStatus.ACCEPTED, "Done next month."))
    db.session.commit()
    report = accountability.you_said_we_did(db.session, consultation)
    assert [(row.channel, row.ideas, row.answered) for row in report.by_channel] == [
        (Channel.WEB, 2, 0), (Channel.SMS, 1, 1), (Channel.WHATSAPP, 1, 0)]
    page = client.get(f"/consultations/{consultation.id}/you-said-we-did")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ideas by how they were received" in body and "WhatsApp" in body


def test_open_data_gives_the_channel_and_never_the_number(db, client, code, consultation):
    consultation.phase = Phase.CLOSED
    db.session.commit()
    body = client.get("/open-data.json").get_data(as_text=True)
    data = json.loads(body)
    jsonschema.validate(data, json.loads(open_data.SCHEMA.read_text()))
    assert [row["channel"] for row in data["tables"]["submissions"]] == ["whatsapp"]
    assert "5550100001" not in body and code not in body
