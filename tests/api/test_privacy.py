"""The API shows what the public pages and the open data show, and nothing else: no hidden,
pending or withdrawn idea, no unpublished answer, plan, commitment, assessment or round, no
personal data, and no row of another organisation."""

from __future__ import annotations

import re

import pytest

from consult.models import (
    ActionPlan,
    Consultation,
    Organisation,
    OrganisationHost,
    Phase,
    Submission,
)
from tests.api.conftest import PRIVATE_TEXTS, SECRETS, api_paths


def public_answers(app, client, world) -> dict[str, str]:
    """Path → body of every documented address, for both public consultations."""
    paths = set(api_paths(app, world.ids))
    paths |= set(api_paths(app, {**world.ids, "consultation_id": world.open.id}))
    found = {}
    for path in sorted(paths):
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        found[path] = response.get_data(as_text=True)
    return found


def test_no_answer_holds_personal_data_or_a_private_row(app, client, api_world):
    answers = public_answers(app, client, api_world)
    assert len(answers) >= 25
    leaks = [(path, text) for path, body in answers.items()
             for text in (*SECRETS, *PRIVATE_TEXTS) if text in body]
    assert leaks == []
    assert sum("Published idea" in body for body in answers.values()) >= 2  # it looked at data


@pytest.mark.parametrize("kind", ["hidden", "pending", "withdrawn"])
def test_an_idea_that_is_not_published_is_not_found(client, api_world, kind):
    response = client.get(f"/api/v1/ideas/{api_world.private[kind].id}")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_the_hidden_idea_of_the_analysed_consultation_is_in_no_list(client, api_world):
    consultation = api_world.answered.consultation
    hidden = api_world.answered.hidden.id
    ideas = client.get(f"/api/v1/consultations/{consultation.id}/ideas?limit=200").json["data"]
    cycling = client.get(f"/api/v1/themes/{api_world.ids['theme_id']}/ideas").json["data"]
    answers = client.get(f"/api/v1/consultations/{consultation.id}/answers?limit=200").json
    assert len(ideas) == 10 and hidden not in {idea["id"] for idea in ideas}
    assert len(cycling) == 4 and hidden not in {idea["id"] for idea in cycling}
    assert hidden not in {answer["submission_id"] for answer in answers["data"]}


def test_drafts_and_unpublished_rows_are_not_found(client, db, api_world):
    draft_idea = db.session.query(Submission).filter_by(consultation_id=api_world.draft.id).one()
    unpublished = db.session.query(ActionPlan).filter(ActionPlan.published_at.is_(None)).one()
    draft_commitment = api_world.plan.commitments[1]
    for path in (f"/api/v1/consultations/{api_world.draft.id}",
                 f"/api/v1/consultations/{api_world.draft.id}/ideas",
                 f"/api/v1/ideas/{draft_idea.id}", f"/api/v1/plans/{unpublished.id}",
                 f"/api/v1/commitments/{draft_commitment.id}",
                 f"/api/v1/commitments/{draft_commitment.id}/revisions",
                 f"/api/v1/assemblies/{api_world.assembly.id}/rounds/2/results",
                 f"/api/v1/consultations/{api_world.open.id}/themes"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.is_json and response.json["error"]["message"]
    listed = client.get("/api/v1/consultations").json["data"]
    assert {row["id"] for row in listed} == {api_world.open.id, api_world.answered.consultation.id}


def test_answers_are_the_published_versions_with_the_one_a_correction_replaced(client,
                                                                             api_world):
    responses = api_world.answered.responses
    path = f"/api/v1/consultations/{api_world.answered.consultation.id}/answers?limit=200"
    rows = {row["id"]: row for row in client.get(path).json["data"]}
    assert responses["draft"].id not in rows
    assert rows[responses["old"].id]["state"] == "superseded"
    assert rows[responses["correction"].id]["corrects_id"] == responses["old"].id
    assert rows[api_world.answered.theme_answer.id]["commitment_ids"] == [api_world.commitment.id]


def test_a_commitment_cites_public_themes_and_published_ideas_only(client, api_world):
    sources = client.get(f"/api/v1/commitments/{api_world.commitment.id}").json["data"]["sources"]
    assert [(s["theme_id"], s["submission_id"]) for s in sources] == [
        (api_world.ids["theme_id"], None), (None, api_world.answered.ideas[0].id)]
    assert sources[1]["passage"] == "Idea"


def test_opinion_groups_name_published_ideas_only(client, api_world):
    path = f"/api/v1/consultations/{api_world.open.id}/opinion-groups"
    groups = client.get(path).json["data"]["groups"]
    assert [item["submission_id"] for item in groups[0]["representative"]] == [
        api_world.ideas[0].id]
    assert groups[0]["group"] == "A" and groups[0]["size"] == 5


def test_an_idea_shows_its_support_and_its_votes(client, api_world):
    idea = client.get(f"/api/v1/ideas/{api_world.ideas[0].id}").json["data"]
    assert idea["votes"] == {"agree": 2, "disagree": 1, "pass": 1}
    listed = client.get(f"/api/v1/consultations/{api_world.open.id}/ideas").json["data"]
    assert [row["support_count"] for row in listed] == list(range(7))
    assert listed[1]["votes"] == {"agree": 1, "disagree": 0, "pass": 0}
    assert "author_id" not in idea and "contact_email" not in idea


def test_ideas_name_their_theme_once_themes_are_public(client, api_world):
    answered = api_world.answered
    ideas = client.get(f"/api/v1/consultations/{answered.consultation.id}/ideas").json["data"]
    assert {row["id"]: row["theme_id"] for row in ideas} == {
        idea.id: answered.theme_of[idea.id] for idea in answered.ideas}
    still_open = client.get(f"/api/v1/consultations/{api_world.open.id}/ideas").json["data"]
    assert {row["theme_id"] for row in still_open} == {None}


def test_another_organisation_sees_none_of_these_rows(app, db, client, organisation, api_world):
    with_ids = [path for path in api_paths(app, api_world.ids) if re.search(r"/v1/.*/\d+", path)]
    db.session.add(OrganisationHost(organisation=organisation, host="a.example"))
    other = Organisation(name="Other Town", slug="other-town")
    other.hosts.append(OrganisationHost(host="b.example"))
    db.session.add(other)
    db.session.flush()
    theirs = Consultation(organisation_id=other.id, slug="theirs", title="Their consultation",
                          phase=Phase.OPEN)
    db.session.add(theirs)
    db.session.commit()
    on_b = {"base_url": "http://b.example"}
    assert client.get("/api/v1/organisation", **on_b).json["data"]["name"] == "Other Town"
    listed = client.get("/api/v1/consultations", **on_b).json["data"]
    assert [row["title"] for row in listed] == ["Their consultation"]
    assert len(with_ids) >= 15
    for path in with_ids:
        assert client.get(path, **on_b).status_code == 404, path
    mine = client.get(f"/api/v1/ideas/{api_world.ideas[0].id}", base_url="http://a.example")
    assert mine.status_code == 200
