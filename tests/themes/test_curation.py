"""Curation actions: each one applied, each refusal, and undo."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.core.errors import Conflict, ConsultError, NotFound
from consult.models import CurationAction, Event, IdeaCuration, Submission, Theme
from consult.themes import curation
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.themes import run_clustering


def themes_of(db, consultation):
    return sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)


def members(db, consultation, theme):
    return sorted(s for s, t in current_memberships(db.session, consultation.id).items()
                  if t == theme.id)


def test_rename_keeps_the_name_and_logs_the_actor(db, clustered):
    consultation, run, facilitator = clustered
    theme = themes_of(db, consultation)[0]
    curation.rename(db.session, facilitator, consultation, run.id, theme.id, "  Safer  cycling ",
                    "Lanes and parking")
    assert (theme.label, theme.description, theme.named_by_facilitator) == (
        "Safer cycling", "Lanes and parking", True)
    event = db.session.scalars(select(Event).where(Event.action == "theme.rename")).one()
    assert event.actor_id == facilitator.id and event.payload["to"] == "Safer cycling"


@pytest.mark.parametrize("label", ["", "   ", "x" * 201])
def test_rename_refuses_an_empty_or_long_name(db, clustered, label):
    consultation, run, facilitator = clustered
    with pytest.raises(ConsultError):
        curation.rename(db.session, facilitator, consultation, run.id,
                        themes_of(db, consultation)[0].id, label)


def test_merge_moves_every_idea_and_retires_the_merged_theme(db, clustered):
    consultation, run, facilitator = clustered
    first, second, third = themes_of(db, consultation)
    moved = members(db, consultation, second) + members(db, consultation, third)
    curation.merge(db.session, facilitator, consultation, run.id, first.id, [second.id, third.id])
    assert set(moved) <= set(members(db, consultation, first))
    assert second.merged_into_id == first.id and not second.is_live
    assert [t.id for t in themes_of(db, consultation)] == [first.id]


def test_merge_refuses_itself_nothing_and_other_consultations(db, clustered,
                                                              create_consultation):
    consultation, run, facilitator = clustered
    first, second, _ = themes_of(db, consultation)
    with pytest.raises(ConsultError, match="itself"):
        curation.merge(db.session, facilitator, consultation, run.id, first.id, [first.id])
    with pytest.raises(ConsultError):
        curation.merge(db.session, facilitator, consultation, run.id, first.id, [])
    other = create_consultation()
    stranger = Theme(consultation_id=other.id, label="Elsewhere")
    db.session.add(stranger)
    db.session.flush()
    with pytest.raises(ConsultError, match="not part of this consultation"):
        curation.merge(db.session, facilitator, consultation, run.id, first.id, [stranger.id])


def test_split_makes_new_themes_from_the_ideas_of_one(db, clustered):
    consultation, run, facilitator = clustered
    first, second, third = themes_of(db, consultation)
    curation.merge(db.session, facilitator, consultation, run.id, first.id, [second.id])
    ideas = members(db, consultation, first)
    curation.split(db.session, facilitator, consultation, run.id, first.id, 2)
    live = themes_of(db, consultation)
    assert len(live) == 3 and first in live
    new = next(t for t in live if t.id not in (first.id, third.id))
    assert sorted(members(db, consultation, first) + members(db, consultation, new)) == ideas
    assert 6 <= len(members(db, consultation, new)) <= 10


def test_split_refuses_a_theme_of_one_idea_and_bad_part_counts(db, clustered):
    consultation, run, facilitator = clustered
    first, second, _ = themes_of(db, consultation)
    lone = members(db, consultation, second)[0]
    for idea in members(db, consultation, first):
        curation.move(db.session, facilitator, consultation, run.id, idea, second.id)
    curation.move(db.session, facilitator, consultation, run.id, lone, first.id)
    with pytest.raises(ConsultError, match="at least two ideas"):
        curation.split(db.session, facilitator, consultation, run.id, first.id)
    with pytest.raises(ConsultError, match="between 2 and"):
        curation.split(db.session, facilitator, consultation, run.id, second.id, 1)


def test_move_and_pin_are_kept_as_placements(db, clustered):
    consultation, run, facilitator = clustered
    first, second, _ = themes_of(db, consultation)
    idea = members(db, consultation, first)[0]
    curation.move(db.session, facilitator, consultation, run.id, idea, second.id)
    assert current_memberships(db.session, consultation.id)[idea] == second.id
    assert db.session.get(IdeaCuration, idea).placed_in_id == second.id
    other = members(db, consultation, first)[0]
    curation.pin(db.session, facilitator, consultation, run.id, other)
    assert db.session.get(IdeaCuration, other).pinned
    with pytest.raises(ConsultError, match="already in that theme"):
        curation.move(db.session, facilitator, consultation, run.id, idea, second.id)


def test_move_refuses_a_theme_or_idea_of_another_consultation(db, clustered, create_consultation,
                                                             create_submission):
    consultation, run, facilitator = clustered
    first = themes_of(db, consultation)[0]
    other = create_consultation()
    stranger = Theme(consultation_id=other.id, label="Elsewhere")
    db.session.add(stranger)
    db.session.flush()
    with pytest.raises(ConsultError, match="not part of this consultation"):
        curation.move(db.session, facilitator, consultation, run.id,
                      members(db, consultation, first)[0], stranger.id)
    foreign_idea = create_submission(other, "An idea elsewhere entirely")
    with pytest.raises(ConsultError, match="not part of this consultation"):
        curation.move(db.session, facilitator, consultation, run.id, foreign_idea.id, first.id)


def test_duplicates_fold_under_the_original_and_keep_everything(db, clustered):
    consultation, run, facilitator = clustered
    first = themes_of(db, consultation)[0]
    original, copy, other = members(db, consultation, first)[:3]
    curation.mark_duplicates(db.session, facilitator, consultation, run.id, original, [copy])
    curation.mark_duplicates(db.session, facilitator, consultation, run.id, copy, [other])
    assert db.session.get(IdeaCuration, other).duplicate_of_id == original  # one level
    assert db.session.get(Submission, copy).text  # nothing rewritten or deleted
    with pytest.raises(ConsultError):
        curation.mark_duplicates(db.session, facilitator, consultation, run.id, original,
                                 [original])


def test_set_aside_takes_the_idea_out_of_its_theme(db, clustered):
    consultation, run, facilitator = clustered
    first = themes_of(db, consultation)[0]
    idea = members(db, consultation, first)[0]
    curation.set_aside(db.session, facilitator, consultation, run.id, idea)
    assert idea not in members(db, consultation, first)
    with pytest.raises(ConsultError, match="already set aside"):
        curation.set_aside(db.session, facilitator, consultation, run.id, idea)


def test_undo_restores_each_kind_of_action(db, clustered):
    consultation, run, facilitator = clustered
    first, second, third = themes_of(db, consultation)
    snapshot = current_memberships(db.session, consultation.id)
    steps = [
        lambda: curation.rename(db.session, facilitator, consultation, run.id, first.id, "New"),
        lambda: curation.merge(db.session, facilitator, consultation, run.id, first.id,
                               [second.id]),
        lambda: curation.split(db.session, facilitator, consultation, run.id, first.id, 2),
        lambda: curation.lock(db.session, facilitator, consultation, run.id, third.id),
        lambda: curation.set_aside(db.session, facilitator, consultation, run.id,
                                   members(db, consultation, third)[0]),
    ]
    for step in steps:
        step()
    for _ in steps:
        action = curation.last_action(db.session, consultation)
        curation.undo_last(db.session, facilitator, consultation, action.id)
    db.session.flush()
    assert current_memberships(db.session, consultation.id) == snapshot
    assert [t.id for t in themes_of(db, consultation)] == [first.id, second.id, third.id]
    assert first.label != "New" and not third.locked
    assert not db.session.scalars(select(IdeaCuration).where(
        IdeaCuration.set_aside.is_(True))).all()
    with pytest.raises(NotFound):
        curation.undo_last(db.session, facilitator, consultation, 0)


def test_a_stale_form_is_refused_and_loses_no_decision(db, clustered):
    consultation, old_run, facilitator = clustered
    first, second, _ = themes_of(db, consultation)
    curation.rename(db.session, facilitator, consultation, old_run.id, first.id, "Kept name")
    db.session.commit()
    run_clustering(db, facilitator, consultation, themes=3)
    with pytest.raises(Conflict, match="newer clustering run"):
        curation.rename(db.session, facilitator, consultation, old_run.id, second.id, "Lost?")
    assert db.session.get(Theme, first.id).label == "Kept name"
    action = curation.last_action(db.session, consultation)
    with pytest.raises(Conflict, match="can no longer be undone"):
        curation.undo_last(db.session, facilitator, consultation, action.id)
    assert db.session.scalar(select(CurationAction.undone_at)) is None
