"""The demo's action plan: three commitments drafted from the Bowling Green themes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.accounts.users import find_by_email
from consult.consultations.models import Consultation
from consult.opinions.models import Classification, OpinionRun, OpinionStatement
from consult.plans import drafting as plans
from consult.plans import provenance
from consult.plans.models import ActionPlan, MilestoneStatus
from consult.themes.models import ThemeMembership
from consult.themes.state import current_run
from consult.themes.views import overview

FACILITATOR = "facilitator@demo.consult.example"
START, END = date(2027, 1, 1), date(2028, 12, 31)
DETAILS = [
    {"lead_institution": "City of Bowling Green, Public Works",
     "status_quo": "Residents report the problem through many channels, and nobody publishes "
                   "what happens next.",
     "action": "Publish a yearly programme with a budget line and a public map of progress.",
     "contribution": "A plan residents can follow and question closes the gap between what they "
                     "asked for and what the city does.",
     "relevance": "Transparency (open data on spending and progress), participation (residents "
                  "choose priorities), accountability (quarterly public reports)."},
    {"lead_institution": "City of Bowling Green, Planning Department",
     "action": "Co-design the changes with neighbourhood groups in three public workshops.",
     "relevance": "Participation: residents shape the design, not only comment on it."},
    {"lead_institution": "City of Bowling Green, City Manager's Office",
     "action": "Open a public register of decisions and answer every resident within 60 days.",
     "relevance": "Accountability: every answer is public and dated."},
]
MILESTONES = [
    ("Publish the baseline and the map", date(2027, 3, 31), MilestoneStatus.COMPLETE),
    ("First public progress report", date(2027, 9, 30), MilestoneStatus.IN_PROGRESS),
    ("Independent review of the results", date(2028, 10, 31), MilestoneStatus.NOT_STARTED),
]


def draft_demo_plan(session: Session, consultation: Consultation) -> ActionPlan:
    """A published plan with three published commitments, each with revisions and milestones."""
    facilitator = find_by_email(session, FACILITATOR)
    plan = plans.create_plan(session, facilitator, consultation,
                             "Bowling Green open government action plan 2027–2028", START, END)
    session.flush()
    for row, details in zip(overview(session, consultation).themes[:3], DETAILS, strict=False):
        commitment = plans.draft_from_themes(session, facilitator, plan, [row.theme.id])
        plans.edit(session, facilitator, commitment,
                   {"title": row.theme.label, **details}, "First full draft of the template.")
        for description, due_on, status in MILESTONES:
            plans.add_milestone(session, facilitator, commitment, description, due_on,
                                details["lead_institution"], status)
        _cite_common_ground(session, facilitator, commitment, row.theme.id)
        plans.publish_commitment(session, facilitator, commitment)
    plans.publish_plan(session, facilitator, plan)
    session.commit()
    return plan


def _cite_common_ground(session: Session, facilitator, commitment, theme_id: int) -> None:
    """Link the theme's idea with the broadest agreement across the opinion groups, if one of
    its ideas is common ground: the link keeps the idea's standing."""
    idea_id = session.scalar(
        select(OpinionStatement.submission_id)
        .join(ThemeMembership, ThemeMembership.submission_id == OpinionStatement.submission_id)
        .join(OpinionRun, OpinionRun.id == OpinionStatement.run_id)
        .where(OpinionRun.current.is_(True), ThemeMembership.theme_id == theme_id,
               ThemeMembership.run_id == current_run(session, commitment.plan.consultation_id).id,
               OpinionStatement.classification == Classification.COMMON_GROUND)
        .order_by(OpinionStatement.consensus.desc()).limit(1))
    if idea_id is not None:
        provenance.add_link(session, facilitator, commitment, submission_id=idea_id,
                            note="Common ground: every opinion group agrees.")

