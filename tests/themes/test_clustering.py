"""Clustering runs: request, execute, swap in; re-runs keep the facilitator's decisions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult import jobs
from consult.core.errors import Conflict, ConsultError
from consult.models import ClusteringRun, Event, RunStatus, ThemeMembership
from consult.nlp import cluster as nlp_cluster
from consult.themes import clustering, curation
from consult.themes.state import current_memberships, current_run, live_themes
from tests.fixtures.themes import THEMES, run_clustering


def topic_of(text: str) -> str:
    return next(topic for topic, texts in THEMES.items() if text in texts)


def test_a_run_finds_the_three_topics_and_records_its_method(db, clustered):
    consultation, run, _ = clustered
    assert run.status is RunStatus.SUCCEEDED and run.current
    assert run.model.startswith("use-multilingual-v3")
    assert run.parameters["requested_themes"] == 3 and run.parameters["seed"] == 0
    assert run.ideas_in == 24 and run.themes_out == 3
    assert run.changes["first"] is True
    members = db.session.execute(select(ThemeMembership).where(ThemeMembership.run_id == run.id))
    topics_per_theme: dict[int, set[str]] = {}
    for member in members.scalars():
        topics_per_theme.setdefault(member.theme_id, set()).add(topic_of(member.submission.text))
    assert sorted(len(topics) for topics in topics_per_theme.values()) == [1, 1, 1]
    actions = set(db.session.scalars(select(Event.action)))
    assert {"clustering.requested", "clustering.completed"} <= actions


def test_a_second_run_is_refused_while_one_is_under_way(db, use_model, themed_consultation,
                                                         create_user):
    facilitator = create_user("facilitator")
    clustering.request_run(db.session, facilitator, themed_consultation, None)
    db.session.commit()
    with pytest.raises(Conflict):
        clustering.request_run(db.session, facilitator, themed_consultation, None)
    assert len(jobs.queue.pending()) == 1  # queued once, not twice


@pytest.mark.parametrize("themes", [1, 0, -3, 25])
def test_the_number_of_themes_must_be_between_two_and_the_number_of_ideas(
        db, themed_consultation, create_user, themes):
    with pytest.raises(ConsultError, match="between 2 and 24"):
        clustering.request_run(db.session, create_user("facilitator"), themed_consultation, themes)


def test_a_run_that_fails_leaves_the_previous_themes(db, clustered, monkeypatch):
    consultation, first, facilitator = clustered
    before = current_memberships(db.session, consultation.id)
    run = clustering.request_run(db.session, facilitator, consultation, None)
    db.session.commit()

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(nlp_cluster, "cluster_embeddings", broken)
    with pytest.raises(RuntimeError):
        clustering.execute_run(db.session, run.id, last_attempt=True)
    db.session.refresh(run)
    assert run.status is RunStatus.FAILED and "out of memory" in run.error
    assert current_run(db.session, consultation.id).id == first.id
    assert current_memberships(db.session, consultation.id) == before


def test_a_failed_attempt_with_retries_left_is_queued_again(db, clustered, monkeypatch):
    consultation, _, facilitator = clustered
    run = clustering.request_run(db.session, facilitator, consultation, None)
    db.session.commit()
    monkeypatch.setattr(nlp_cluster, "cluster_embeddings", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        clustering.execute_run(db.session, run.id, last_attempt=False)
    db.session.refresh(run)
    assert run.status is RunStatus.QUEUED and run.attempts == 1


def test_executing_a_finished_run_again_changes_nothing(db, clustered):
    consultation, run, _ = clustered
    count = len(current_memberships(db.session, consultation.id))
    clustering.execute_run(db.session, run.id)
    assert db.session.scalar(select(ClusteringRun.attempts).where(ClusteringRun.id == run.id)) == 1
    assert len(current_memberships(db.session, consultation.id)) == count


def test_a_rerun_places_new_ideas_and_keeps_every_decision(db, clustered, create_submission):
    consultation, run, facilitator = clustered
    themes = {topic_of(t.representative.text): t for t in live_themes(db.session, consultation.id)}
    cycling, parks, roads = themes["cycling"], themes["parks"], themes["roads"]
    curation.rename(db.session, facilitator, consultation, run.id, cycling.id, "Cycling", "Bikes")
    curation.lock(db.session, facilitator, consultation, run.id, roads.id)
    pothole = next(m for m, t in current_memberships(db.session, consultation.id).items()
                   if t == roads.id)
    curation.move(db.session, facilitator, consultation, run.id, pothole, parks.id)
    aside = next(m for m, t in current_memberships(db.session, consultation.id).items()
                 if t == cycling.id)
    curation.set_aside(db.session, facilitator, consultation, run.id, aside)
    db.session.commit()
    new = [create_submission(consultation, text) for text in (
        "Wider cycle lanes on the avenue please", "Fix the potholes on Oak Street",
        "Plant flowers and trees in the small park")]

    second = run_clustering(db, facilitator, consultation, themes=3)

    after = current_memberships(db.session, consultation.id)
    assert second.current and not db.session.get(ClusteringRun, run.id).current
    assert after[pothole] == parks.id  # the move is kept
    assert aside not in after  # set aside stays out
    assert db.session.get(type(cycling), cycling.id).label == "Cycling"
    assert db.session.get(type(roads), roads.id).locked
    assert {after[idea.id] for idea in new} == {cycling.id, roads.id, parks.id}
    assert second.changes == {"first": False, "new_ideas_placed": 3, "new_themes": 0,
                              "ideas_moved": 0}
    assert second.kept["placed"] == 1 and second.kept["locked"] == 1
    assert second.kept["named"] == 1 and second.kept["set_aside"] == 1


def test_a_rerun_keeps_a_merge(db, clustered, create_submission):
    consultation, run, facilitator = clustered
    cycling, parks, roads = sorted(live_themes(db.session, consultation.id),
                                   key=lambda t: topic_of(t.representative.text))
    curation.merge(db.session, facilitator, consultation, run.id, parks.id, [roads.id])
    db.session.commit()
    create_submission(consultation, "Repair the potholes near the market")
    run_clustering(db, facilitator, consultation)
    after = current_memberships(db.session, consultation.id)
    road_ideas = [s for s in after if topic_of_id(db, s) == "roads"]
    assert {after[s] for s in road_ideas} == {parks.id}
    assert db.session.get(type(roads), roads.id).merged_into_id == parks.id


def topic_of_id(db, submission_id):
    from consult.models import Submission

    text = db.session.get(Submission, submission_id).text
    return next((topic for topic, texts in THEMES.items() if text in texts), None)
