"""Plans and commitments: drafting from themes, limits, revisions, publishing, milestones."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from consult.core.errors import ConsultError
from consult.models import (
    CommitmentStatus,
    Event,
    PlanStatus,
    ProvenanceLink,
    Submission,
    Theme,
)
from consult.plans import drafting as plans
from consult.plans import provenance
from consult.themes.state import current_memberships, live_themes


def themes(db, consultation):
    return sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)


def test_a_draft_from_themes_is_prefilled_and_links_every_idea(db, plan, clustered):
    consultation, _, facilitator = clustered
    first, second, _ = themes(db, consultation)
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [first.id, second.id])
    db.session.commit()
    assert commitment.title == f"{first.label} / {second.label}"
    assert f"“{first.label}”" in commitment.problem and "> " in commitment.problem
    members = {s for s, t in current_memberships(db.session, consultation.id).items()
               if t in (first.id, second.id)}
    linked = set(db.session.scalars(select(ProvenanceLink.submission_id).where(
        ProvenanceLink.submission_id.is_not(None))))
    assert linked == members and len(linked) == 16
    assert commitment.revisions[0].number == 1 and "title" in commitment.revisions[0].changes
    assert db.session.scalar(select(Event.action).where(Event.action == "commitment.drafted"))


def test_a_sixth_commitment_on_a_five_commitment_plan_is_refused(db, plan, clustered):
    consultation, _, facilitator = clustered
    theme = themes(db, consultation)[0]
    for _ in range(5):
        plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    with pytest.raises(ConsultError, match="already has its 5 commitments"):
        plans.draft_from_themes(db.session, facilitator, plan, [theme.id])


def test_edits_are_revisions_with_a_field_diff(db, plan, clustered):
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    revision = plans.edit(db.session, facilitator, commitment,
                          {"title": "Safe cycling", "lead_institution": "Transport office",
                           "starts_on": date(2027, 3, 1)}, "Clearer title")
    assert revision.number == 2 and revision.reason == "Clearer title"
    assert revision.changes["title"][1] == "Safe cycling"
    assert revision.changes["starts_on"] == ["2027-01-01", "2027-03-01"]
    assert plans.edit(db.session, facilitator, commitment, {"title": "Safe cycling"}, "") is None


def test_editing_an_adopted_commitment_needs_a_reason(db, plan, clustered):
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    plan.status = PlanStatus.ADOPTED
    with pytest.raises(ConsultError, match="say why"):
        plans.edit(db.session, facilitator, commitment, {"title": "Changed"}, "  ")
    assert plans.edit(db.session, facilitator, commitment, {"title": "Changed"}, "Budget cut")


@pytest.mark.parametrize("status", [PlanStatus.ADOPTED, PlanStatus.IMPLEMENTING])
def test_facilitators_cannot_mark_a_plan_adopted_by_hand(db, plan, clustered, status):
    facilitator = clustered[2]
    with pytest.raises(ConsultError, match="adoption page"):
        plans.update_plan(db.session, facilitator, plan, plan.title, plan.starts_on,
                          plan.ends_on, plan.max_commitments, status)
    assert plan.status is PlanStatus.DRAFTING
    plans.update_plan(db.session, facilitator, plan, "Renamed", plan.starts_on, plan.ends_on,
                      plan.max_commitments, PlanStatus.IN_DELIBERATION)
    assert (plan.title, plan.status) == ("Renamed", PlanStatus.IN_DELIBERATION)


def test_a_commitment_without_provenance_cannot_be_published(db, plan, clustered):
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    for link in db.session.scalars(select(ProvenanceLink)):
        provenance.remove_link(db.session, facilitator, link)
    with pytest.raises(ConsultError, match="at least one theme or idea"):
        plans.publish_commitment(db.session, facilitator, commitment)
    provenance.add_link(db.session, facilitator, commitment,
                        submission_id=db.session.scalars(select(Submission.id)).first())
    plans.publish_commitment(db.session, facilitator, commitment)
    assert commitment.status is CommitmentStatus.PUBLISHED


def test_links_to_ideas_and_passages_stay_within_the_consultation(db, plan, clustered,
                                                                  create_consultation,
                                                                  create_submission):
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    stranger = create_submission(create_consultation(), "An idea from another consultation")
    with pytest.raises(ConsultError, match="not part of this plan's consultation"):
        provenance.add_link(db.session, facilitator, commitment, submission_id=stranger.id)
    idea = db.session.scalars(select(Submission).where(
        Submission.consultation_id == consultation.id)).first()
    with pytest.raises(ConsultError, match="within the idea"):
        provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                            passage=(5, len(idea.text) + 1))
    link = provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                               passage=(0, 5), note="The wording of the action")
    assert link.passage == idea.text[:5]


def test_a_milestone_cannot_be_due_before_the_plan_starts(db, plan, clustered):
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    with pytest.raises(ConsultError, match="before the plan starts"):
        plans.add_milestone(db.session, facilitator, commitment, "Survey", date(2026, 12, 31))
    milestone = plans.add_milestone(db.session, facilitator, commitment, "Survey",
                                    date(2027, 2, 1), "Transport office")
    assert milestone.commitment is commitment


class TestProvenanceSurvivesCuration:
    """A link never breaks: re-runs, merges, splits and moves each keep it."""

    @pytest.fixture
    def drafted(self, db, plan, clustered):
        consultation, run, facilitator = clustered
        first, second, third = themes(db, consultation)
        commitment = plans.draft_from_themes(db.session, facilitator, plan, [second.id])
        plans.publish_commitment(db.session, facilitator, commitment)
        plans.publish_plan(db.session, facilitator, plan)
        consultation.phase = consultation.phase.ANALYSIS
        db.session.commit()
        return consultation, run, facilitator, commitment, (first, second, third)

    def sources(self, db, commitment):
        return provenance.sources(db.session, commitment)

    def test_a_merge_is_followed(self, db, drafted):
        from consult.themes import curation

        consultation, run, facilitator, commitment, (first, second, _) = drafted
        curation.merge(db.session, facilitator, consultation, run.id, first.id, [second.id])
        found = self.sources(db, commitment)
        assert [source.theme.id for source in found.themes] == [first.id]
        idea = next(s for s, t in current_memberships(db.session, consultation.id).items()
                    if t == first.id)
        assert commitment in provenance.commitments_of(db.session,
                                                       db.session.get(Submission, idea))

    def test_a_split_keeps_the_theme_and_every_idea(self, db, drafted):
        from consult.themes import curation

        consultation, run, facilitator, commitment, (_, second, _) = drafted
        ideas_before = self.sources(db, commitment).idea_count
        curation.split(db.session, facilitator, consultation, run.id, second.id, 2)
        found = self.sources(db, commitment)
        assert [source.theme.id for source in found.themes] == [second.id]
        assert found.idea_count == ideas_before == 8

    def test_a_moved_idea_keeps_its_link(self, db, drafted):
        from consult.themes import curation

        consultation, run, facilitator, commitment, (first, second, _) = drafted
        idea = next(s for s, t in current_memberships(db.session, consultation.id).items()
                    if t == second.id)
        curation.move(db.session, facilitator, consultation, run.id, idea, first.id)
        assert commitment in provenance.commitments_of(db.session,
                                                       db.session.get(Submission, idea))

    def test_a_rerun_keeps_every_link(self, db, drafted):
        from tests.fixtures.themes import run_clustering

        consultation, _, facilitator, commitment, (_, second, _) = drafted
        before = self.sources(db, commitment)
        run_clustering(db, facilitator, consultation, themes=3)
        after = self.sources(db, commitment)
        assert after.idea_count == before.idea_count
        assert db.session.get(Theme, second.id) in [s.theme for s in after.themes]
