"""Loading the demo, idempotently."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.models import (
    Channel,
    Consultation,
    Organisation,
    Phase,
    Question,
    RoleName,
    Submission,
    SubmissionStatus,
)
from consult.models.base import utcnow
from consult.services import events, users

DATA = Path(__file__).parent / "data"
DEMO_PASSWORD = "consult-demo-2026"  # noqa: S105 - printed for people trying the demo
DEMO_SLUG = "future-of-our-city"
ATTRIBUTION = (
    "Demo ideas: data was gathered using the Polis software (compdemocracy.org/polis) and is "
    "sub-licensed under CC BY 4.0 with Attribution to The Computational Democracy Project. "
    "https://compdemocracy.org/case-studies/2018-kentucky"
)
# Pol.is moderation: 1 accepted, 0 not yet moderated, -1 rejected.
MODERATION = {
    "1": SubmissionStatus.PUBLISHED,
    "0": SubmissionStatus.PENDING,
    "-1": SubmissionStatus.HIDDEN,
}


@dataclass
class DemoReport:
    created: bool
    accounts: dict[str, str] = field(default_factory=dict)  # email -> password
    submissions: int = 0


def demo_accounts() -> dict[str, str]:
    """email -> role of the demo's accounts, one per role."""
    return {f"{role.value}@demo.consult.example": role.value for role in RoleName}


def is_database_empty(session: Session) -> bool:
    return not session.scalar(select(func.count(Consultation.id)))


def load_demo(session: Session) -> DemoReport:
    """Create the demo unless it exists; the caller commits."""
    if session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG)):
        return DemoReport(created=False)
    report = DemoReport(created=True)
    users.ensure_roles(session)
    for email, role in demo_accounts().items():
        if users.find_by_email(session, email) is None:
            users.create_user(session, email, DEMO_PASSWORD, [role])
        report.accounts[email] = DEMO_PASSWORD
    organisation = _organisation(session)
    consultation = _consultation(session, organisation)
    report.submissions = _submissions(session, consultation)
    return report


def _organisation(session: Session) -> Organisation:
    organisation = session.scalar(select(Organisation).where(Organisation.slug == "bowling-green"))
    if organisation is None:
        organisation = Organisation(name="City of Bowling Green", slug="bowling-green")
        session.add(organisation)
    organisation.attribution = ATTRIBUTION
    session.flush()
    return organisation


def _consultation(session: Session, organisation: Organisation) -> Consultation:
    now = utcnow()
    consultation = Consultation(
        organisation=organisation,
        slug=DEMO_SLUG,
        title="What matters for the future of our city?",
        summary="Tell us what would make Bowling Green a better place to live, work and grow up.",
        body="The city is preparing its open-government action plan. **Every idea is read** "
        "and answered in public.",
        phase=Phase.OPEN,
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=30),
        languages=["en"],
    )
    consultation.questions.append(
        Question(position=1, text="What should the city do to improve life in Bowling Green?")
    )
    session.add(consultation)
    events.record(session, None, "consultation.created", consultation, {"demo": True})
    return consultation


def _submissions(session: Session, consultation: Consultation) -> int:
    question = consultation.questions[0]
    with (DATA / "bowling-green-comments.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        status = MODERATION.get(row["moderated"], SubmissionStatus.PENDING)
        received = datetime.fromtimestamp(int(row["timestamp"]) / 1000, tz=UTC)
        submission = Submission(
            consultation=consultation,
            question=question,
            text=row["comment-body"].strip(),
            language="en",
            channel=Channel.WEB,
            status=status,
            received_at=received,
            moderation_reason=(
                "Rejected by the moderators of the original conversation."
                if status is SubmissionStatus.HIDDEN
                else None
            ),
        )
        session.add(submission)
        events.record(session, None, "submission.imported", submission, {"demo": True})
    return len(rows)
