"""The administrators' page of text messages: a gateway added (its webhook address shown), a
number or keyword led to a consultation, wrong inputs refused with their reason; the messages
held for the team entered as ideas or set aside."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult.ideas.channels.models import (
    ChannelMessage,
    ChannelRoute,
    Gateway,
    GatewayKind,
    MessageKind,
)
from consult.ideas.models import Channel, Submission
from consult.models import Phase
from tests.fixtures.clients import csrf_token
from tests.ideas.channels.conftest import twilio_post
from tests.ideas.channels.test_webhook import IDEA

PAGE = "/admin/channels/"
GATEWAY = {"name": "City SMS number", "kind": "twilio", "channel": "sms",
           "secret": "twilio-auth-token-0123456789", "account_sid": "", "sender": "",
           "outbound_url": ""}


@pytest.fixture
def admin(client_as):
    return client_as("admin")


def post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, PAGE), **data})


def test_only_administrators_see_the_page(client, client_as, admin):
    assert admin.get(PAGE).status_code == 200
    assert client_as("facilitator").get(PAGE).status_code == 403
    anonymous = client.get(PAGE)
    assert anonymous.status_code == 302 and "/login" in anonymous.location


def test_the_administration_links_to_the_page(admin):
    assert PAGE in admin.get("/admin/").get_data(as_text=True)


def test_a_gateway_is_added_and_its_webhook_address_shown(db, admin):
    response = post(admin, "/admin/channels/gateways", **GATEWAY)
    assert response.status_code == 302
    gateway = db.session.scalar(select(Gateway))
    assert (gateway.name, gateway.kind, gateway.channel, gateway.secret) == (
        "City SMS number", GatewayKind.TWILIO, Channel.SMS, GATEWAY["secret"])
    page = admin.get(PAGE).get_data(as_text=True)
    assert f"http://localhost/channels/{gateway.id}/inbound" in page
    assert GATEWAY["secret"] not in page  # a secret is never shown again


@pytest.mark.parametrize(("field", "value", "message"), [
    ("secret", "", "Give the secret the gateway signs its messages with."),
    ("secret", "short", "The secret must have at least 16 characters."),
    ("name", "", "Give the gateway a name."),
    ("kind", "carrier-pigeon", "Choose a kind of gateway from the list."),
    ("channel", "email", "Choose SMS or WhatsApp."),
    ("outbound_url", "ftp://gateway.example/send", "Give the address in full, starting with"),
    ("sender", "no digits", "Give the number with its country code"),
    ("account_sid", "AC-not-a-sid!", "A Twilio account SID has letters and digits only"),
])
def test_a_wrong_gateway_is_refused_with_its_reason(db, admin, field, value, message):
    response = post(admin, "/admin/channels/gateways", **{**GATEWAY, field: value})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message.replace("'", "&#39;") in body and "There is a problem" in body
    assert db.session.scalar(select(func.count(Gateway.id))) == 0


def test_a_gateway_is_changed_and_an_empty_secret_keeps_the_saved_one(db, admin,
                                                                      create_gateway):
    gateway = create_gateway()
    page = admin.get(f"/admin/channels/gateways/{gateway.id}")
    assert page.status_code == 200 and gateway.secret not in page.get_data(as_text=True)
    response = admin.post(f"/admin/channels/gateways/{gateway.id}", data={
        **GATEWAY, "csrf_token": csrf_token(admin, PAGE), "name": "Renamed", "secret": "",
        "channel": "whatsapp"})
    assert response.status_code == 302
    db.session.refresh(gateway)
    assert (gateway.name, gateway.channel, gateway.secret) == (
        "Renamed", Channel.WHATSAPP, "twilio-auth-token-0123456789abcdef")


def test_a_number_and_a_keyword_are_led_to_a_consultation(db, admin, create_gateway,
                                                          create_consultation):
    gateway, consultation = create_gateway(), create_consultation(Phase.OPEN)
    response = post(admin, "/admin/channels/routes", gateway=gateway.id,
                    number="+1 555 0199", keyword="park", consultation=consultation.id)
    assert response.status_code == 302
    route = db.session.scalar(select(ChannelRoute))
    assert (route.number, route.keyword, route.consultation_id) == (
        "+15550199", "PARK", consultation.id)
    assert "PARK" in admin.get(PAGE).get_data(as_text=True)


@pytest.mark.parametrize(("data", "status", "message"), [
    ({"keyword": "STOP"}, 422, "STOP, YES and their translations are the service"),
    ({"keyword": "two words"}, 422, "A keyword is one word of letters and digits"),
    ({"number": "call me"}, 422, "Give the number with its country code"),
    ({"consultation": "999999"}, 422, "Choose one of the items offered"),
    ({"gateway": "abc"}, 422, "Choose one of the items offered"),
])
def test_a_wrong_route_is_refused_with_its_reason(db, admin, create_gateway,
                                                  create_consultation, data, status, message):
    gateway, consultation = create_gateway(), create_consultation(Phase.OPEN)
    response = post(admin, "/admin/channels/routes", **{
        "gateway": gateway.id, "number": "", "keyword": "", "consultation": consultation.id,
        **data})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ChannelRoute.id))) == 0


def test_the_same_number_and_keyword_twice_is_a_conflict(db, admin, create_gateway,
                                                         create_route, create_consultation):
    gateway, consultation = create_gateway(), create_consultation(Phase.OPEN)
    create_route(gateway, consultation, number="+15550199")
    response = post(admin, "/admin/channels/routes", gateway=gateway.id, number="+15550199",
                    keyword="", consultation=consultation.id)
    assert response.status_code == 409
    assert "already lead to a consultation" in response.get_data(as_text=True)


def test_a_route_is_removed(db, admin, create_gateway, create_route, create_consultation):
    route = create_route(create_gateway(), create_consultation(Phase.OPEN))
    assert post(admin, f"/admin/channels/routes/{route.id}/remove").status_code == 302
    assert db.session.scalar(select(func.count(ChannelRoute.id))) == 0


def test_a_gateway_that_brought_messages_stays_one_that_did_not_goes(
        db, client, admin, create_gateway, create_route, create_consultation):
    used, unused = create_gateway(name="Used"), create_gateway(name="Unused")
    create_route(used, create_consultation(Phase.OPEN))
    twilio_post(client, used, IDEA)
    refused = post(admin, f"/admin/channels/gateways/{used.id}/remove")
    assert refused.status_code == 409
    assert "it stays in the record" in refused.get_data(as_text=True)
    assert post(admin, f"/admin/channels/gateways/{unused.id}/remove").status_code == 302
    assert [g.name for g in db.session.scalars(select(Gateway))] == ["Used"]


@pytest.fixture
def held(db, client, create_gateway, create_route, create_consultation):
    """Two messages sent to a closed consultation: held for the team."""
    consultation = create_consultation(Phase.CLOSED)
    gateway = create_gateway()
    create_route(gateway, consultation)
    for text in (IDEA, "Light the footbridge at night, it is too dark"):
        twilio_post(client, gateway, text)
    return consultation, db.session.scalars(select(ChannelMessage).order_by(
        ChannelMessage.id)).all()


def test_held_messages_are_listed_with_their_reason(db, admin, held):
    page = admin.get(PAGE).get_data(as_text=True)
    assert IDEA in page and "Light the footbridge" in page
    assert "The consultation is closed" in page


def test_a_held_message_is_entered_as_an_idea_by_the_team(db, admin, held):
    consultation, messages = held
    response = post(admin, f"/admin/channels/held/{messages[0].id}/enter",
                    consultation=consultation.id)
    assert response.status_code == 302
    idea = db.session.scalar(select(Submission))
    assert (idea.text, idea.channel, idea.entered_by_id) == (IDEA, Channel.SMS, admin.user.id)
    db.session.refresh(messages[0])
    assert (messages[0].submission_id, messages[0].handled_by_id, messages[0].text) == (
        idea.id, admin.user.id, None)
    again = post(admin, f"/admin/channels/held/{messages[0].id}/enter",
                 consultation=consultation.id)
    assert again.status_code == 409 and db.session.scalar(select(func.count(Submission.id))) == 1


def test_a_held_message_is_set_aside_and_stays_in_the_record(db, admin, held):
    _, messages = held
    assert post(admin, f"/admin/channels/held/{messages[1].id}/set-aside").status_code == 302
    db.session.refresh(messages[1])
    assert messages[1].handled_at is not None and messages[1].kind is MessageKind.HELD
    assert messages[1].text and "Light the footbridge" not in admin.get(PAGE).get_data(
        as_text=True)


def test_a_held_message_into_a_draft_consultation_is_refused(db, admin, held,
                                                             create_consultation):
    _, messages = held
    draft = create_consultation(Phase.DRAFT)
    response = post(admin, f"/admin/channels/held/{messages[0].id}/enter",
                    consultation=draft.id)
    assert response.status_code == 403
    assert "cannot be added to this consultation" in response.get_data(as_text=True)
