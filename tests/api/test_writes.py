"""Staff write through the API with a personal access token: ideas on behalf of a channel, a
CSV import, an answer drafted and published; every refusal is JSON with a clear message."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.accounts import api_tokens
from consult.models import Phase, Response, Submission, Webhook, WebhookDelivery


@pytest.fixture
def token_of(db, create_user):
    def factory(role: str = "facilitator", scope: str = "write") -> str:
        _, text = api_tokens.create(db.session, create_user(role), "Program", scope)
        db.session.commit()
        return text

    return factory


def post(client, path, body, token=None, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.post(f"/api/v1{path}", json=body, headers=headers)


IDEA = {"text": "Light the path to the station", "channel": "paper"}


def test_a_facilitator_enters_an_idea_once_whatever_the_retries(db, client, token_of,
                                                                 create_consultation):
    consultation = create_consultation(Phase.OPEN)
    token = token_of()
    first = post(client, f"/consultations/{consultation.id}/ideas", IDEA, token,
                 **{"Idempotency-Key": "paper-form-17"})
    assert first.status_code == 201
    idea = db.session.get(Submission, first.json["data"]["id"])
    assert idea.channel.value == "paper" and idea.entered_by_id is not None
    assert first.json["data"]["status"] == "published"
    again = post(client, f"/consultations/{consultation.id}/ideas", IDEA, token,
                 **{"Idempotency-Key": "paper-form-17"})
    assert again.status_code == 200 and again.json["data"]["id"] == idea.id
    assert len(db.session.scalars(select(Submission)).all()) == 1
    assert "Set-Cookie" not in first.headers


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"channel": "paper"}, 422, "text: This field is required."),
    ({**IDEA, "channel": "web"}, 422, "channel: Use one of: paper"),
    ({**IDEA, "received_at": "2026-05-01T10:00:00"}, 422,
     "received_at: Send a date and time in ISO 8601 with its time zone."),
    ({**IDEA, "question_id": "two"}, 422, "question_id: Send a whole number."),
    ({**IDEA, "text": "   "}, 400, ""),
    ([1, 2], 400, "Send a JSON object"),
])
def test_a_wrong_body_is_refused_with_its_field_named(db, client, token_of, create_consultation,
                                                      body, status, message):
    consultation = create_consultation(Phase.OPEN)
    response = post(client, f"/consultations/{consultation.id}/ideas", body, token_of())
    assert response.status_code == status and message in response.json["error"]["message"]
    assert db.session.scalars(select(Submission)).all() == []


def test_tokens_that_may_not_write_are_refused(db, client, token_of, create_consultation):
    consultation = create_consultation(Phase.OPEN)
    path = f"/consultations/{consultation.id}/ideas"
    read_only = token_of(scope="read")
    revoked = token_of()
    api_tokens.revoke(db.session, api_tokens.authenticate(db.session, revoked).user,
                      api_tokens.authenticate(db.session, revoked).id)
    db.session.commit()
    for token, status, code in [
            (None, 401, "unauthorized"), ("consult_forged" + "x" * 30, 401, "unauthorized"),
            (revoked, 401, "unauthorized"), (read_only, 403, "forbidden"),
            (token_of("official"), 403, "forbidden")]:
        response = post(client, path, IDEA, token)
        assert response.status_code == status and response.json["error"]["code"] == code
    assert db.session.scalars(select(Submission)).all() == []


def test_a_csv_import_enters_new_rows_and_skips_those_imported_before(
        db, client, token_of, create_consultation):
    consultation = create_consultation(Phase.OPEN)
    token = token_of()
    body = {"csv": "id,comment\n1,More benches\n2,Shade by the school\n",
            "columns": {"text": "comment", "source_id": "id"}, "channel": "workshop"}
    first = post(client, f"/consultations/{consultation.id}/imports", body, token)
    assert first.status_code == 201 and len(first.json["data"]["created"]) == 2
    again = post(client, f"/consultations/{consultation.id}/imports", body, token)
    assert again.json["data"]["created"] == [] and again.json["data"]["already_imported"] == [2, 3]
    wrong = post(client, f"/consultations/{consultation.id}/imports",
                 {**body, "csv": "id,comment\n3,\n"}, token)
    assert wrong.status_code == 422 and "line 2" in wrong.json["error"]["message"]
    assert len(db.session.scalars(select(Submission)).all()) == 2


def test_an_official_drafts_and_publishes_an_answer_and_a_webhook_is_told(
        db, client, token_of, create_consultation, create_submission):
    consultation = create_consultation(Phase.ANALYSIS)
    consultation.organisation.review_required = False
    idea = create_submission(consultation, "Light the path to the station")
    db.session.add(Webhook(organisation_id=consultation.organisation_id,
                           url="https://example.org/hooks", events=["answer.published"]))
    db.session.commit()
    token = token_of("official")
    drafted = post(client, f"/ideas/{idea.id}/answers",
                   {"status": "accepted", "text": "Lights go up in May."}, token)
    assert drafted.status_code == 201 and drafted.json["data"]["state"] == "draft"
    again = post(client, f"/ideas/{idea.id}/answers",
                 {"status": "accepted", "text": "Twice"}, token)
    assert again.status_code == 409 and "already has an answer" in again.json["error"]["message"]
    published = post(client, f"/answers/{drafted.json['data']['id']}/publish", {}, token)
    assert published.status_code == 200 and published.json["data"]["state"] == "published"
    assert db.session.get(Response, drafted.json["data"]["id"]).published_at is not None
    assert [d.event for d in db.session.scalars(select(WebhookDelivery))] == ["answer.published"]
    missing = post(client, "/ideas/999999/answers", {"status": "accepted", "text": "x"}, token)
    assert missing.status_code == 404


def test_where_review_is_required_a_second_official_approves_before_publishing(
        db, client, token_of, create_consultation, create_submission):
    consultation = create_consultation(Phase.ANALYSIS)
    consultation.organisation.review_required = True
    idea = create_submission(consultation, "Light the path to the station")
    db.session.commit()
    writer, reviewer = token_of("official"), token_of("official")
    answer = post(client, f"/ideas/{idea.id}/answers",
                  {"status": "accepted", "text": "Lights go up in May."}, writer).json["data"]
    early = post(client, f"/answers/{answer['id']}/publish", {}, writer)
    assert early.status_code == 403 and "second official" in early.json["error"]["message"]
    assert post(client, f"/answers/{answer['id']}/review", {}, writer).json["data"]["state"] \
        == "in_review"
    own = post(client, f"/answers/{answer['id']}/approve", {}, writer)
    assert own.status_code == 403 and "another official" in own.json["error"]["message"]
    assert post(client, f"/answers/{answer['id']}/approve", {}, reviewer).status_code == 200
    published = post(client, f"/answers/{answer['id']}/publish", {}, writer)
    assert published.status_code == 200 and published.json["data"]["state"] == "published"


def test_the_writes_are_in_the_document_with_their_bodies(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/api/v1/consultations/{consultation_id}/ideas"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/IdeaIn"}
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert "channel" in document["components"]["schemas"]["IdeaIn"]["required"]
