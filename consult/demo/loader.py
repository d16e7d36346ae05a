"""Loading the demo, idempotently."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from consult.accounts import users
from consult.consultations.models import Consultation, Phase, Question
from consult.core import events
from consult.core.base import utcnow
from consult.core.organisation import Organisation
from consult.core.tenancy import use_organisation
from consult.core.user import RoleName
from consult.ideas.models import Channel, Flag, FlagReason, Submission, SubmissionStatus, Support

DATA = Path(__file__).parent / "data"
DEMO_PASSWORD = "consult-demo-2026"  # noqa: S105 - printed for people trying the demo
DEMO_SLUG = "future-of-our-city"
DEMO_ORGANISATION = "bowling-green"
ATTRIBUTION = (
    "Demo ideas: data was gathered using the Polis software (compdemocracy.org/polis) and is "
    "sub-licensed under CC BY 4.0 with Attribution to The Computational Democracy Project. "
    "https://compdemocracy.org/case-studies/2018-kentucky"
)
AREAS = ("Downtown", "College Hill", "Westside", "Smallhouse Road", "Warren County")
# How ideas reach a city: mostly the website, some collected offline.
CHANNEL_SHARES = {Channel.WEB: 80, Channel.PAPER: 8, Channel.WORKSHOP: 6, Channel.PHONE: 4,
                  Channel.SMS: 2}
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
    consultation_id: int | None = None  # the one clustered into themes


def demo_accounts() -> dict[str, str]:
    """email -> role of the demo's accounts, one per role."""
    return {f"{role.value}@demo.consult.example": role.value for role in RoleName}


def is_database_empty(session: Session) -> bool:
    """No organisation yet: neither the demo nor a real one."""
    return not session.scalar(select(func.count(Organisation.id)))


def demo_organisation(session: Session) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.slug == DEMO_ORGANISATION))


def load_demo(session: Session) -> DemoReport:
    """Create the demo organisation unless it exists; the session then acts for it. The
    caller commits."""
    if (existing := demo_organisation(session)) is not None:
        use_organisation(session, existing.id)
        return DemoReport(created=False)
    report = DemoReport(created=True)
    organisation = _organisation(session)
    use_organisation(session, organisation.id)
    users.ensure_roles(session)
    for email, role in demo_accounts().items():
        users.create_user(session, email, DEMO_PASSWORD, [role])
        report.accounts[email] = DEMO_PASSWORD
    consultation = _consultation(session, organisation)
    report.submissions = _submissions(session, consultation)
    report.submissions += _open_consultation(session, organisation)
    report.consultation_id = consultation.id
    return report


def _organisation(session: Session) -> Organisation:
    organisation = Organisation(name="City of Bowling Green", slug=DEMO_ORGANISATION,
                                is_demo=True)
    session.add(organisation)
    organisation.attribution = ATTRIBUTION
    # A second official reviews every answer before it is published, so the demo shows review.
    organisation.review_required = True
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
        # The ideas are in: facilitators are grouping them into themes.
        phase=Phase.ANALYSIS,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=14),
        languages=["en", "es"],
        areas=list(AREAS),
        office="City Manager's Office",
        translations={"es": {
            "title": "¿Qué es lo más importante para el futuro de nuestra ciudad?",
            "summary": "Cuéntanos qué haría de Bowling Green un lugar mejor para vivir, "
                       "trabajar y crecer.",
            "body": "La ciudad prepara su plan de acción de gobierno abierto. **Cada idea se "
                    "lee** y se responde en público.",
        }},
    )
    consultation.questions.append(
        Question(position=1, text="What should the city do to improve life in Bowling Green?")
    )
    session.add(consultation)
    events.record(session, None, "consultation.created", consultation, {"demo": True})
    return consultation


def _submissions(session: Session, consultation: Consultation) -> int:
    question = consultation.questions[0]
    supports: list[tuple[Submission, int]] = []
    with (DATA / "bowling-green-comments.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    chance = random.Random(2018)  # the same demo every time
    received_at = _received_in(consultation, [int(row["timestamp"]) for row in rows])
    for row, received in zip(rows, received_at, strict=True):
        status = MODERATION.get(row["moderated"], SubmissionStatus.PENDING)
        submission = Submission(
            consultation=consultation,
            question=question,
            text=row["comment-body"].strip(),
            language="en",
            channel=chance.choices(list(CHANNEL_SHARES), weights=CHANNEL_SHARES.values())[0],
            area=chance.choice([*AREAS, None, None]),
            status=status,
            received_at=received,
            source_id=row["comment-id"],  # Pol.is's id: the votes name it
            moderation_reason=(
                "Rejected by the moderators of the original conversation."
                if status is SubmissionStatus.HIDDEN
                else None
            ),
        )
        session.add(submission)
        events.record(session, None, "submission.imported", submission, {"demo": True})
        supports.append((submission, int(row["agrees"] or 0)))
    _supports(session, supports)
    _flags(session, [s for s, _ in supports if s.status is SubmissionStatus.PUBLISHED][:6])
    return len(rows)


def _received_in(consultation: Consultation, stamps: list[int]) -> list[datetime]:
    """The 2018 conversation's rhythm, moved into the consultation's weeks: otherwise the time
    to an answer ("you said, we did") would count the years since 2018."""
    first, span = min(stamps), (max(stamps) - min(stamps)) or 1
    window = consultation.closes_at - consultation.opens_at
    return [consultation.opens_at + window * ((stamp - first) / span) for stamp in stamps]


def _supports(session: Session, supports: list[tuple[Submission, int]]) -> None:
    """The Pol.is 'agree' votes become anonymous supports, so counts are real."""
    session.flush()
    rows = [
        {"submission_id": submission.id, "supporter_key": f"demo-{submission.id}-{n}",
         "organisation_id": submission.organisation_id}
        for submission, count in supports
        for n in range(count)
    ]
    if rows:
        session.execute(insert(Support), rows)
    for submission, count in supports:
        submission.support_count = count
    events.record(session, None, "demo.supports_imported", None, {"supports": len(rows)})


def _flags(session: Session, flagged: list[Submission]) -> None:
    reasons = [FlagReason.OFF_TOPIC, FlagReason.OFFENSIVE, FlagReason.PERSONAL_DATA]
    for index, submission in enumerate(flagged):
        flag = Flag(submission_id=submission.id, reason=reasons[index % len(reasons)],
                    flagger_key=f"demo-flag-{index}", note="")
        session.add(flag)
        events.record(session, None, "submission.flagged", submission,
                      {"reason": flag.reason.value})


OPEN_IDEAS = [
    ("A lollipop person at the crossing on Main Street in the morning", Channel.WEB, "Downtown"),
    ("Lower the speed limit to 20 mph around every school", Channel.WEB, None),
    ("Cars park on the pavement by the school gate, children walk in the road", Channel.PAPER,
     "Westside"),
    ("A safe cycle route from College Hill to the high school", Channel.WEB, "College Hill"),
    ("Más pasos de peatones cerca de la escuela primaria", Channel.WORKSHOP, "Smallhouse Road"),
    ("Walking buses with volunteer parents, the city could help organise them", Channel.WEB,
     None),
    ("Street lights on the path behind the school are broken since winter", Channel.PHONE,
     "Warren County"),
    ("School streets: close the road to cars for 30 minutes at drop-off", Channel.WEB,
     "Downtown"),
]


def _open_consultation(session: Session, organisation: Organisation) -> int:
    """A small consultation still open, so residents can try sharing an idea."""
    now = utcnow()
    consultation = Consultation(
        organisation=organisation, slug="safer-routes-to-school",
        title="Safer routes to school",
        summary="How can children walk, cycle and take the bus to school safely?",
        body="Tell us about the crossings, streets and paths your family uses every day.",
        phase=Phase.OPEN, opens_at=now - timedelta(days=5), closes_at=now + timedelta(days=40),
        languages=["en", "es"], areas=list(AREAS),
        translations={"es": {
            "title": "Caminos seguros a la escuela",
            "summary": "¿Cómo pueden los niños ir a la escuela a pie, en bicicleta o en autobús "
                       "con seguridad?",
            "body": "Cuéntanos qué cruces, calles y caminos usa tu familia cada día.",
        }},
    )
    consultation.questions.append(Question(position=1, text="What would make the way to school "
                                                             "safer for children?"))
    session.add(consultation)
    events.record(session, None, "consultation.created", consultation, {"demo": True})
    for index, (text, channel, area) in enumerate(OPEN_IDEAS):
        submission = Submission(
            consultation=consultation, question=consultation.questions[0], text=text,
            language="es" if text.startswith("Más") else "en", channel=channel, area=area,
            received_at=now - timedelta(days=5 - index * 0.5))
        session.add(submission)
        events.record(session, None, "submission.imported", submission, {"demo": True})
    return len(OPEN_IDEAS)
