"""The public opinion map, the facilitators' runs page, and where the groups show elsewhere:
the idea page, the officials' answer page, a commitment citing common ground."""

from datetime import date

import pytest

from consult.models import OpinionRun, Phase
from consult.plans import drafting as plans
from consult.plans import provenance
from tests.opinions.planted import AGREED, planted_consultation
from tests.opinions.test_computing import compute


@pytest.fixture
def computed(db, create_consultation, create_submission):
    consultation, ideas = planted_consultation(db, create_consultation, create_submission)
    return consultation, ideas, compute(db, consultation)


def test_the_opinion_map_shows_groups_common_ground_divisions_and_the_svg(client, computed):
    consultation, ideas, run = computed
    response = client.get(f"/consultations/{consultation.id}/opinions")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 opinion groups" in html and "Group A" in html and "Group B" in html
    assert f"{AGREED} ideas are common ground." in html
    assert f"{len(ideas) - AGREED} ideas divide the groups." in html
    assert html.count("<circle") == len(run.map_cells) and 'role="img"' in html
    assert f'href="/ideas/{ideas[0].id}"' in html
    assert "at 60%" in html or "at 60 %" in html  # the published rule, with its numbers
    assert "<script" not in html.split("<main")[1]


def test_before_any_run_the_page_says_so(client, create_consultation):
    consultation = create_consultation(phase=Phase.ANALYSIS)
    html = client.get(f"/consultations/{consultation.id}/opinions").get_data(as_text=True)
    assert "No opinion groups have been computed yet." in html and "Vote on ideas" in html


def test_a_run_without_groups_says_why(client, db, computed):
    consultation, _, run = computed
    run.no_groups_reason, run.parameters = "too_few", {"threshold": 7, "reaching": 2}
    db.session.commit()
    html = client.get(f"/consultations/{consultation.id}/opinions").get_data(as_text=True)
    assert "Only 2 people have voted on enough ideas" in html and "<svg viewBox" not in html


def test_the_idea_page_shows_how_each_group_voted(client, computed):
    _, ideas, _ = computed
    html = client.get(f"/ideas/{ideas[-1].id}").get_data(as_text=True)
    assert "Where the opinion groups stand" in html and "Divides the groups" in html
    assert "100%" in html and "0%" in html


def test_officials_see_the_group_breakdown_when_they_answer(client_as, computed):
    _, ideas, _ = computed
    html = client_as("official").get(f"/respond/ideas/{ideas[0].id}").get_data(as_text=True)
    assert "Where the opinion groups stand" in html and "Common ground" in html


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("resident", 403),
                                              ("official", 403), ("monitor", 403),
                                              ("facilitator", 200), ("admin", 200)])
def test_only_facilitators_see_and_start_runs(app, client_as, computed, role, status):
    consultation, _, _ = computed
    client = client_as(role) if role else app.test_client()
    assert client.get(f"/facilitate/consultations/{consultation.id}/opinions"
                      ).status_code == status


def test_a_facilitator_starts_a_run_and_a_second_is_refused(client_as, db, computed):
    consultation, _, _ = computed
    client = client_as("facilitator")
    page = f"/facilitate/consultations/{consultation.id}/opinions"
    from tests.fixtures.clients import csrf_token
    token = csrf_token(client, page)
    started = client.post(f"/facilitate/consultations/{consultation.id}/opinion-runs",
                          data={"csrf_token": token})
    assert started.status_code == 302
    assert db.session.query(OpinionRun).filter_by(consultation_id=consultation.id).count() == 2
    again = client.post(f"/facilitate/consultations/{consultation.id}/opinion-runs",
                        data={"csrf_token": token})
    assert again.status_code == 409
    assert "already being computed" in again.get_data(as_text=True)


def test_a_commitment_cites_common_ground_with_its_numbers(client, db, computed, create_user):
    consultation, ideas, _ = computed
    facilitator = create_user("facilitator")
    plan = plans.create_plan(db.session, facilitator, consultation, "Plan 2027",
                             date(2027, 1, 1), date(2028, 12, 31))
    db.session.flush()
    commitment = plans._new_commitment(db.session, plan, "Trees for every street")
    agreed = provenance.add_link(db.session, facilitator, commitment, submission_id=ideas[0].id)
    divided = provenance.add_link(db.session, facilitator, commitment, submission_id=ideas[-1].id)
    assert agreed.common_ground["groups"] == 2 and agreed.common_ground["lowest"] == 1.0
    assert divided.common_ground is None
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert "Common ground across all 2 opinion groups: 100% agree" in html
