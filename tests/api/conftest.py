"""A site with one of everything the API shows, and of everything it must never show, built row
by row (no model, no worker): an open consultation with votes and opinion groups, one being
analysed with themes and answers in every state (tests.fixtures.accountability_data), a
published plan with its commitment's sources, revisions, progress and assessments, an assembly
round's published results, the event log, and a draft consultation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from consult.core import events
from consult.core.base import utcnow
from consult.models import (
    ActionPlan,
    AgendaItem,
    Amendment,
    AmendmentStatus,
    AmendmentSupport,
    Assembly,
    Assessment,
    Commitment,
    CommitmentRevision,
    Completion,
    Milestone,
    OpenedGovernment,
    OpinionGroup,
    OpinionMember,
    OpinionRun,
    OpinionVote,
    Phase,
    ProgressUpdate,
    ProvenanceLink,
    Rating,
    RatingScale,
    Round,
    RoundStage,
    RunStatus,
    Stance,
    Submission,
    SubmissionStatus,
    Volunteer,
)
from consult.plans.models import CommitmentStatus, MilestoneStatus, PlanStatus
from consult.responses.models import response_commitments
from tests.fixtures.accountability_data import Answered, build_answered

# Personal data that is in the database and must never reach an answer of the API.
SECRETS = ("author@example.org", "contact@example.org", "member@example.org", "Member Name",
           "resident0@example.org", "hidden.author@example.org", "+44 20 7946 0000")
# Text of rows that are not public: never in an answer either.
PRIVATE_TEXTS = ("A hidden idea", "Waiting for moderation", "Withdrawn by its author",
                 "Hidden in the open consultation", "Pending in the open consultation",
                 "Secret draft consultation", "An idea of a draft", "Draft, not public.",
                 "Hidden answer.", "Unpublished assessment", "Unpublished plan",
                 "Draft commitment", "A removed link")


@dataclass
class ApiWorld:
    open: object  # an open consultation
    ideas: list[Submission]  # its published ideas, oldest first
    private: dict[str, Submission]  # its hidden, pending and withdrawn ideas
    answered: Answered  # the consultation being analysed, with themes and answers
    draft: object
    plan: ActionPlan
    commitment: Commitment
    assembly: Assembly
    round: Round
    ids: dict[str, int] = field(default_factory=dict)  # path parameter -> a public row's id


def _open_consultation(db, create_consultation, create_submission, author):
    consultation = create_consultation(Phase.OPEN, title="Open consultation")
    now = utcnow()
    ideas = [create_submission(consultation, f"Published idea {n} in the open consultation",
                               support_count=n, received_at=now - timedelta(days=9 - n))
             for n in range(7)]
    ideas[0].author_id, ideas[0].contact_email = author.id, "contact@example.org"
    private = {
        "hidden": create_submission(consultation, "Hidden in the open consultation",
                                    status=SubmissionStatus.HIDDEN, moderation_reason="Spam"),
        "pending": create_submission(consultation, "Pending in the open consultation",
                                     status=SubmissionStatus.PENDING),
        "withdrawn": create_submission(consultation, "Withdrawn by its author",
                                       status=SubmissionStatus.WITHDRAWN, withdrawn_at=now),
    }
    for n, stance in enumerate((Stance.AGREE, Stance.AGREE, Stance.DISAGREE, Stance.PASS)):
        db.session.add(OpinionVote(consultation_id=consultation.id, submission_id=ideas[0].id,
                                   voter_key=f"browser-{n}", stance=stance))
    db.session.add(OpinionVote(consultation_id=consultation.id, submission_id=ideas[1].id,
                               user_id=author.id, stance=Stance.AGREE))
    run = OpinionRun(consultation_id=consultation.id, status=RunStatus.SUCCEEDED, current=True,
                     algorithm="k-means", seed=3, min_votes=1, participants_in=5, votes_in=5,
                     ideas_in=2, finished_at=now)
    run.groups.append(OpinionGroup(position=0, size=5, representative=[
        {"submission_id": ideas[0].id, "direction": "agree", "share": 0.8, "ratio": 1.6},
        {"submission_id": private["hidden"].id, "direction": "agree", "share": 0.9,
         "ratio": 2.0}]))
    db.session.add(run)
    db.session.flush()
    db.session.add(OpinionMember(run_id=run.id, participant=f"u{author.id}", position=0,
                                 x=0.1, y=0.2))
    db.session.commit()
    return consultation, ideas, private


def _plan(db, answered: Answered, official):
    now = utcnow()
    consultation, cycling = answered.consultation, answered.themes["Cycling"]
    plan = ActionPlan(consultation_id=consultation.id, title="Action plan 2027",
                      starts_on=date(2027, 1, 1), ends_on=date(2028, 12, 31),
                      status=PlanStatus.IMPLEMENTING, published_at=now - timedelta(days=3))
    unpublished = ActionPlan(consultation_id=consultation.id, title="Unpublished plan",
                             starts_on=date(2029, 1, 1), ends_on=date(2030, 12, 31))
    commitment = Commitment(plan=plan, position=1, title="Protected bike lanes",
                            status=CommitmentStatus.PUBLISHED, published_at=now,
                            problem="Cycling is dangerous.", action="Build protected lanes.")
    draft = Commitment(plan=plan, position=2, title="Draft commitment")
    milestone = Milestone(commitment=commitment, description="First lane open",
                          due_on=date(2027, 6, 1))
    db.session.add_all([plan, unpublished, commitment, draft, milestone])
    db.session.flush()
    idea, hidden = answered.ideas[0], answered.hidden
    db.session.add_all([
        ProvenanceLink(commitment_id=commitment.id, theme_id=cycling.id, note="The theme"),
        ProvenanceLink(commitment_id=commitment.id, submission_id=idea.id, passage_start=0,
                       passage_end=4, note="Its first word"),
        ProvenanceLink(commitment_id=commitment.id, submission_id=hidden.id, note="Hidden"),
        ProvenanceLink(commitment_id=commitment.id, submission_id=answered.ideas[2].id,
                       note="A removed link", removed_at=now),
        CommitmentRevision(commitment_id=commitment.id, number=1, author_id=official.id,
                           reason="Clearer title", changes={"title": ["Bike lanes",
                                                                      "Protected bike lanes"]}),
        ProgressUpdate(commitment_id=commitment.id, milestone_id=milestone.id,
                       status=MilestoneStatus.IN_PROGRESS, on=date(2027, 3, 1),
                       evidence_url="https://example.org/works", text="Works started",
                       author_id=official.id),
        Assessment(commitment_id=commitment.id, monitor_id=official.id,
                   completion=Completion.LIMITED, opened_government=OpenedGovernment.MARGINAL,
                   text="On its way", evidence=["https://example.org/report"], published_at=now),
        Assessment(commitment_id=commitment.id, completion=Completion.COMPLETE,
                   opened_government=OpenedGovernment.MAJOR, text="Unpublished assessment"),
    ])
    db.session.execute(insert(response_commitments).values(
        response_id=answered.theme_answer.id, commitment_id=commitment.id))
    db.session.commit()
    return plan, commitment


def _assembly(db, plan: ActionPlan, commitment: Commitment):
    now = utcnow()
    assembly = Assembly(plan_id=plan.id, title="Citizens' assembly", size=6,
                        rating_scale=RatingScale.THREE, recruiting=False)
    member = Volunteer(assembly=assembly, reference="P-001", name="Member Name",
                       email="member@example.org", phone="+44 20 7946 0000",
                       attributes={"age": "40-64"})
    published = Round(assembly=assembly, number=1, title="First reading",
                      opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=2),
                      stage=RoundStage.RESULTS, summary="We *agreed*.", published_at=now)
    Round(assembly=assembly, number=2, title="Second reading", opens_at=now,
          closes_at=now + timedelta(days=7))
    item = AgendaItem(round=published, position=1, commitment_id=commitment.id)
    db.session.add_all([assembly, member, item])
    db.session.flush()
    amendment = Amendment(item_id=item.id, member_id=member.id, field="title",
                          original="Protected bike lanes", proposed="Safe bike lanes",
                          rationale="Shorter", status=AmendmentStatus.ACCEPTED)
    db.session.add_all([Rating(item_id=item.id, member_id=member.id, value=1), amendment])
    db.session.flush()
    db.session.add(AmendmentSupport(amendment_id=amendment.id, member_id=member.id))
    db.session.commit()
    return assembly, published


@pytest.fixture
def api_world(db, organisation, create_consultation, create_submission, create_user) -> ApiWorld:
    author = create_user("resident", email="author@example.org")
    official = create_user("official", two_factor=False)
    answered = build_answered(db, create_consultation, create_submission)
    consultation, ideas, private = _open_consultation(db, create_consultation, create_submission,
                                                      author)
    draft = create_consultation(Phase.DRAFT, title="Secret draft consultation")
    create_submission(draft, "An idea of a draft")
    plan, commitment = _plan(db, answered, official)
    assembly, round_ = _assembly(db, plan, commitment)
    events.record(db.session, None, "consultation.phase_changed", consultation,
                  {"from": "draft", "to": "open"})
    events.record(db.session, official, "plan.published", plan, {})
    db.session.commit()
    world = ApiWorld(consultation, ideas, private, answered, draft, plan, commitment, assembly,
                     round_)
    world.ids = {"consultation_id": answered.consultation.id, "submission_id": ideas[0].id,
                 "theme_id": answered.themes["Cycling"].id, "plan_id": plan.id,
                 "commitment_id": commitment.id, "assembly_id": assembly.id,
                 "number": round_.number}
    return world


def api_paths(app, ids: dict[str, int]) -> list[str]:
    """Every documented path of the API that reads, with `ids` in place of its parameters."""
    document = app.test_client().get("/api/v1/openapi.json").json
    paths = []
    for template, operations in document["paths"].items():
        if "get" not in operations:
            continue
        path = template
        for name, value in ids.items():
            path = path.replace("{" + name + "}", str(value))
        paths.append(path)
    return paths
