"""Webhooks: registered by an administrator, written with the event they announce, sent by
the worker after the commit, signed, retried with backoff, and never to a private address
where that is forbidden."""

import json
import time

import pytest
from sqlalchemy import select

from consult.ideas import moderation, submitting
from consult.ideas.submitting import IdeaInput
from consult.jobs import run_pending
from consult.models import DeliveryStatus, Phase, ResponseStatus, Webhook, WebhookDelivery
from consult.responses import answering
from consult.webhooks import delivery as delivering
from consult.webhooks.signing import HEADER, verify
from tests.fixtures.clients import csrf_token

PAGE = "/admin/webhooks/"


def register(client, url, events=("answer.published",)):
    return client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "url": url,
                                   "events": list(events)})


def publish_answer(db, create_consultation, create_submission, create_user):
    consultation = create_consultation(Phase.ANALYSIS)
    idea = create_submission(consultation, "Plant more trees along the river, please")
    official = create_user("official")
    answer = answering.draft_answer(db.session, official, idea, ResponseStatus.ACCEPTED,
                                    "Yes: we will plant trees along the river this spring.")
    answering.publish(db.session, official, answer)
    db.session.commit()
    return answer


def test_an_administrator_registers_a_webhook_and_receives_a_signed_answer_published(
        db, client_as, receiver, create_consultation, create_submission, create_user):
    client = client_as("admin")
    assert register(client, receiver.url).status_code == 302
    webhook = db.session.scalars(select(Webhook)).one()
    assert webhook.events == ["answer.published"] and webhook.secret in client.get(PAGE).text
    answer = publish_answer(db, create_consultation, create_submission, create_user)
    assert receiver.received == []  # the request did not wait for the receiver
    run_pending()
    (headers, body), = receiver.received
    assert verify(webhook.secret, headers[HEADER], body, int(time.time()))
    assert not verify(webhook.secret, headers[HEADER], body + b" ", int(time.time()))
    assert not verify(webhook.secret, headers[HEADER], body, int(time.time()) + 3600)
    sent = json.loads(body)
    assert sent["event"] == "answer.published" and sent["object"] == {
        "type": "response", "id": answer.id}
    assert headers["X-Consult-Event"] == "answer.published"
    db.session.expire_all()
    delivered = db.session.scalars(select(WebhookDelivery)).one()
    assert delivered.status is DeliveryStatus.DELIVERED and delivered.response_status == 200
    assert "Delivered" in client.get(PAGE).text


def test_a_published_idea_is_announced_and_one_held_for_moderation_once_published(
        db, client_as, receiver, create_consultation, create_user):
    register(client_as("admin"), receiver.url, ["idea.published"])
    consultation = create_consultation(Phase.OPEN)
    submitting.submit_idea(db.session, None, consultation, IdeaInput("Fix the playground"))
    consultation.premoderated = True
    held = submitting.submit_idea(db.session, None, consultation, IdeaInput("Open the pool"))
    db.session.commit()
    assert len(db.session.scalars(select(WebhookDelivery)).all()) == 1
    moderation.publish(db.session, create_user("facilitator"), held)
    db.session.commit()
    run_pending()
    ideas = [json.loads(body)["object"]["id"] for _, body in receiver.received]
    assert len(ideas) == 2 and ideas[1] == held.id
    assert {json.loads(body)["event"] for _, body in receiver.received} == {"idea.published"}


def test_a_failing_receiver_is_retried_later_then_given_up(
        db, client_as, receiver, create_consultation, create_submission, create_user):
    receiver.status = 500
    register(client_as("admin"), receiver.url)
    publish_answer(db, create_consultation, create_submission, create_user)
    run_pending()
    db.session.expire_all()
    waiting = db.session.scalars(select(WebhookDelivery)).one()
    assert waiting.status is DeliveryStatus.PENDING and waiting.attempts == 1
    assert waiting.response_status == 500 and waiting.next_attempt_at > waiting.created_at
    for _ in delivering.BACKOFF:
        delivering.attempt(waiting, allow_private=True)
    db.session.commit()
    assert waiting.status is DeliveryStatus.FAILED
    assert waiting.attempts == len(delivering.BACKOFF) + 1 == len(receiver.received)


def test_a_redirect_is_not_followed(db, client_as, receiver, create_consultation,
                                    create_submission, create_user):
    receiver.status, receiver.location = 302, "http://10.0.0.1/internal"
    register(client_as("admin"), receiver.url)
    publish_answer(db, create_consultation, create_submission, create_user)
    run_pending()
    db.session.expire_all()
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    assert delivery.status is DeliveryStatus.PENDING and delivery.response_status == 302
    assert len(receiver.received) == 1


@pytest.mark.parametrize(("url", "message"), [
    ("http://127.0.0.1:9/hooks", "https only"),
    ("https://127.0.0.1/hooks", "private or local address"),
    ("https://10.1.2.3/hooks", "private or local address"),
    ("https://[::1]/hooks", "private or local address"),
    ("https://169.254.169.254/latest/meta-data", "private or local address"),
    ("https://localhost/hooks", "private or local address"),
    ("https://user:secret@example.org/hooks", "no user name or password"),
    ("ftp://example.org/hooks", "starting with https://"),
    ("not an address", "starting with https://"),
])
def test_in_production_private_addresses_are_refused(app, db, client_as, monkeypatch, url,
                                                     message):
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", False)
    response = register(client_as("admin"), url)
    assert response.status_code == 422 and message in response.text
    assert db.session.scalars(select(Webhook)).all() == []


def test_an_address_that_became_private_is_not_delivered_to(
        app, db, client_as, receiver, monkeypatch, create_consultation, create_submission,
        create_user):
    register(client_as("admin"), receiver.url)
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", False)
    publish_answer(db, create_consultation, create_submission, create_user)
    run_pending()
    db.session.expire_all()
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    assert receiver.received == [] and delivery.status is DeliveryStatus.PENDING
    assert "https only" in delivery.error


def test_no_events_chosen_or_an_unknown_one_is_refused(db, client_as, receiver):
    client = client_as("admin")
    for events in ([], ["answer.published", "everything"]):
        response = register(client, receiver.url, events)
        assert response.status_code == 422
        assert "Choose at least one of the events listed" in response.text
    assert db.session.scalars(select(Webhook)).all() == []


def test_a_removed_webhook_gets_nothing_more_and_a_ping_tests_it(
        db, client_as, receiver, create_consultation, create_submission, create_user):
    client = client_as("admin")
    register(client, receiver.url)
    webhook = db.session.scalars(select(Webhook)).one()
    ping = client.post(f"{PAGE}{webhook.id}/ping", data={"csrf_token": csrf_token(client, PAGE)})
    assert ping.status_code == 302
    run_pending()
    assert json.loads(receiver.received[0][1])["event"] == "ping"
    client.post(f"{PAGE}{webhook.id}/remove", data={"csrf_token": csrf_token(client, PAGE)})
    publish_answer(db, create_consultation, create_submission, create_user)
    run_pending()
    assert len(receiver.received) == 1
    assert db.session.scalars(select(WebhookDelivery)).all()[-1].event == "ping"


def test_only_administrators_manage_webhooks(client_as, receiver):
    client = client_as("facilitator")
    assert client.get(PAGE).status_code == 403
