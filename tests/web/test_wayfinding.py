"""Residents find each step from an idea to what became of it: the stages of a consultation,
the menu and the footer, the lists of assemblies and of "you said, we did"."""

import re
from datetime import date, timedelta

from consult.consultations import journey_page as journey
from consult.core.base import utcnow
from consult.models import Commitment, CommitmentStatus, Phase


def states(db, consultation) -> dict[str, str]:
    return {stage.key: stage.state for stage in journey.stages(db.session, consultation)}


def test_an_open_consultation_is_at_its_ideas_and_nothing_later_is_linked(
        client, db, create_consultation):
    consultation = create_consultation()
    assert states(db, consultation) == {
        "ideas": "current", "themes": "todo", "drafts": "todo", "assembly": "todo",
        "adopted": "todo", "progress": "todo"}
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert 'aria-current="step"' in html
    assert f'href="/consultations/{consultation.id}/ideas">Ideas</a>' in html
    assert f"/consultations/{consultation.id}/themes" not in html


def test_a_closed_consultation_waits_for_its_themes_and_says_it_closed(
        client, db, create_consultation):
    consultation = create_consultation(phase=Phase.CLOSED)
    consultation.closes_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert states(db, consultation)["ideas"] == "done"
    assert states(db, consultation)["themes"] == "current"
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Closed on" in html and "Closes on" not in html


def test_an_open_consultation_past_its_date_does_not_say_it_closes(
        client, db, create_consultation):
    consultation = create_consultation()
    consultation.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Closed on" in html and "Closes on" not in html


def test_each_later_stage_is_linked_once_it_is_public(client, db, assembly_plan, assembly):
    plan, _ = assembly_plan
    consultation = plan.consultation
    assert states(db, consultation)["drafts"] == "todo"  # the plan is not published
    plan.published_at = utcnow()
    for commitment in plan.commitments:
        commitment.status = CommitmentStatus.PUBLISHED
    db.session.commit()
    found = states(db, consultation)
    assert found["themes"] == "done" and found["drafts"] == "done"
    assert found["assembly"] == "current"
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert f'href="/plans/{plan.id}">Draft commitments</a>' in html
    assert f'href="/assemblies/{assembly.id}">Citizens&#39; assembly</a>' in html


def test_a_plan_adopted_without_an_assembly_says_the_assembly_was_not_held(
        client, db, assembly_plan):
    plan, _ = assembly_plan
    plan.published_at, plan.adopted_on = utcnow(), date(2027, 1, 10)
    plan.commitments[0].status = CommitmentStatus.PUBLISHED
    db.session.commit()
    found = states(db, plan.consultation)
    assert found["assembly"] == "skipped" and found["adopted"] == "current"
    html = client.get(f"/consultations/{plan.consultation_id}").get_data(as_text=True)
    assert "not held" in html


def test_the_menu_and_the_footer_reach_every_public_section(client, create_consultation):
    html = client.get("/").get_data(as_text=True)
    for path in ("/consultations/", "/plans/", "/assemblies/", "/you-said-we-did"):
        assert html.count(f'href="{path}"') == 2, path  # once in the menu, once in the footer
        assert client.get(path).status_code == 200


def test_the_assemblies_list_shows_those_of_published_plans_only(
        client, db, assembly_plan, assembly):
    plan, _ = assembly_plan
    assert assembly.title not in client.get("/assemblies/").get_data(as_text=True)
    plan.published_at = utcnow()
    db.session.commit()
    html = client.get("/assemblies/").get_data(as_text=True)
    assert f'href="/assemblies/{assembly.id}"' in html and f'href="/plans/{plan.id}"' in html


def test_you_said_we_did_lists_consultations_past_their_ideas(client, create_consultation):
    open_one = create_consultation(title="Still collecting ideas")
    answered = create_consultation(phase=Phase.ANSWERED, title="Parks and paths")
    html = client.get("/you-said-we-did").get_data(as_text=True)
    assert f'href="/consultations/{answered.id}/you-said-we-did"' in html
    assert f"/consultations/{open_one.id}/you-said-we-did" not in html


def test_an_idea_names_the_commitment_it_fed_with_a_link(client, db, assembly_plan,
                                                           create_submission):
    from consult.models import ProvenanceLink

    plan, facilitator = assembly_plan
    plan.published_at = utcnow()
    commitment: Commitment = plan.commitments[0]
    commitment.status = CommitmentStatus.PUBLISHED
    idea = create_submission(plan.consultation, text="Publish the budget as open data please")
    db.session.add(ProvenanceLink(commitment_id=commitment.id, submission_id=idea.id,
                                  created_by_id=facilitator.id))
    db.session.commit()
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'href="/plans/commitments/{commitment.id}"' in html or \
        f'href="/commitments/{commitment.id}"' in html
    assert f'href="/plans/{plan.id}"' in html


def test_a_round_closed_early_says_when_it_closed_not_its_planned_end(
        client, db, open_round, drawn):
    from consult.assemblies import rounds
    from tests.fixtures.assembly_pages import publish, round_path

    assembly, facilitator = drawn
    publish(db, assembly)
    round_ = open_round[0]
    before = client.get(round_path(round_)).get_data(as_text=True)
    assert re.search(r"From [^<]+ to ", before)
    rounds.close(db.session, facilitator, round_)
    db.session.commit()
    for path in (round_path(round_), f"/assemblies/{assembly.id}"):
        html = client.get(path).get_data(as_text=True)
        assert re.search(r"From [^<]+, closed on ", html), path
        assert not re.search(r"From [^<]+ to ", html), path


def test_an_idea_not_accepted_that_fed_a_commitment_says_how_both_are_true(
        client, db, assembly_plan, create_submission):
    from consult.models import ProvenanceLink, ResponseStatus
    from tests.fixtures.accountability_data import answer

    plan, facilitator = assembly_plan
    plan.published_at = utcnow()
    commitment = plan.commitments[0]
    commitment.status = CommitmentStatus.PUBLISHED
    idea = create_submission(plan.consultation, text="Publish every invoice of the city")
    db.session.add(ProvenanceLink(commitment_id=commitment.id, submission_id=idea.id,
                                  created_by_id=facilitator.id))
    answer(db, plan.consultation, idea=idea, status=ResponseStatus.NOT_ACCEPTED, at=utcnow())
    db.session.commit()
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Not accepted as it was proposed" in html
    assert f'href="/commitments/{commitment.id}"' in html


def _idea_that_fed_a_commitment(db, assembly_plan, create_submission):
    from consult.models import ProvenanceLink, ResponseStatus
    from tests.fixtures.accountability_data import answer

    plan, facilitator = assembly_plan
    plan.published_at = utcnow()
    commitment = plan.commitments[0]
    commitment.status = CommitmentStatus.PUBLISHED
    idea = create_submission(plan.consultation, text="Publish every invoice of the city")
    db.session.add(ProvenanceLink(commitment_id=commitment.id, submission_id=idea.id,
                                  created_by_id=facilitator.id))
    answer(db, plan.consultation, idea=idea, status=ResponseStatus.ACCEPTED, at=utcnow(),
           text="We publish them from January.")
    plan.consultation.phase = Phase.OPEN
    db.session.commit()
    return idea, commitment


def test_a_refusal_without_javascript_draws_the_whole_idea_page_again(
        client, db, assembly_plan, create_submission):
    from tests.fixtures.clients import csrf_token

    idea, commitment = _idea_that_fed_a_commitment(db, assembly_plan, create_submission)
    token = csrf_token(client)
    assert client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token}).status_code == 302
    refused = client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token})
    invalid_report = client.post(f"/ideas/{idea.id}/flag", data={"csrf_token": token})
    for response, reason in ((refused, "You already support this idea."),
                             (invalid_report, "Choose a reason.")):
        html = response.get_data(as_text=True)
        assert response.status_code in (409, 422) and reason in html
        assert "We publish them from January." in html  # the answer
        assert f'href="/commitments/{commitment.id}"' in html  # the commitment it fed
