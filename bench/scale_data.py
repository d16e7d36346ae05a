"""The data of the scale benchmark: one analysed consultation with N ideas and all that
follows from them, written in bulk.

Ideas, supports, flags, memberships, embeddings and answers are inserted with SQLAlchemy
Core (`insert()` with lists of dicts, in batches); the organisation, staff accounts,
consultation and action plan go through Consult's own services, as an operator would create
them. The finished clustering run and the embedding cache come from bench/scale_themes.py.

Idea texts are real comments of Pol.is conversations (CC BY 4.0, read from
`$CONSULT_DATA/polis`, by default /work/shared/data/polis), repeated with variations.
"""

from __future__ import annotations

import csv
import os
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bench.scale_themes import (
    clustering_run,
    embeddings,
    theme_count,
    theme_of_comment,
    themes_and_memberships,
)
from consult.accounts import users
from consult.core import events
from consult.core.base import utcnow
from consult.core.tenancy import use_organisation
from consult.models import (
    Channel,
    Consultation,
    Event,
    Flag,
    FlagReason,
    MilestoneStatus,
    Organisation,
    Phase,
    Question,
    Response,
    ResponseState,
    ResponseStatus,
    Submission,
    SubmissionStatus,
    Support,
)
from consult.plans import drafting as plans

DATA = Path(os.environ.get("CONSULT_DATA", "/work/shared/data")) / "polis"
PASSWORD = "scale-bench-password-2026"  # noqa: S105 - a throwaway database's accounts
STAFF = {role: f"{role}@scale.example" for role in ("facilitator", "official", "monitor")}
BATCH = 5000
AREAS = ("Downtown", "College Hill", "Westside", "Riverside", "North End", "Old Town", None)
CHANNELS = {Channel.WEB: 80, Channel.PAPER: 8, Channel.WORKSHOP: 6, Channel.PHONE: 4,
            Channel.SMS: 2}
STATUSES = {SubmissionStatus.PUBLISHED: 94, SubmissionStatus.PENDING: 3,
            SubmissionStatus.HIDDEN: 3}
PREFIXES = ("", "I think ", "Please: ", "In my neighbourhood, ", "My family agrees: ",
            "As a resident for 20 years, ")
SUFFIXES = ("", " Thank you.", " This matters a lot.", " We have waited long enough.",
            " Please act on it soon.", " (said at the workshop)")
# A share of ideas in the consultation's other languages, written for this benchmark.
OTHER_LANGUAGES = {
    "es": ["Más carriles bici seguros entre el centro y los barrios",
           "Abrir la biblioteca también los domingos por la tarde",
           "Arreglar los baches de las calles del barrio antes del invierno",
           "Más árboles y sombra en los parques infantiles"],
    "fr": ["Des pistes cyclables protégées jusqu'aux écoles",
           "Ouvrir la piscine municipale plus tard le soir en été",
           "Plus de bancs et de fontaines dans le centre-ville",
           "Un marché de producteurs locaux chaque samedi"],
}
ANSWERS = ["Thank you. The council will fund this in next year's budget.",
           "We looked into this with the department concerned: it is part of the plan.",
           "This is already in place; we will publish where to find it.",
           "We cannot do this now: the costs are beyond this year's budget."]


@dataclass
class Built:
    """Ids the pages need, and how long each step took (seconds)."""

    consultation_id: int = 0
    plan_id: int = 0
    commitment_id: int = 0
    largest_theme_id: int = 0
    idea_id: int = 0
    ideas: int = 0
    counts: dict | None = None


def comments() -> list[str]:
    """Real comments of the Pol.is conversations, short and duplicate ones left out."""
    texts: list[str] = []
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = (row.get("comment-body") or row.get("text") or "").strip()
                if 20 <= len(text) <= 900:
                    texts.append(text)
    return list(dict.fromkeys(texts))


def idea_text(bases: list[str], number: int) -> tuple[str, int]:
    """The text of idea `number`, and the index of the comment it varies."""
    base = number % len(bases)
    variation = number // len(bases)
    prefix = PREFIXES[variation % len(PREFIXES)]
    suffix = SUFFIXES[(variation // len(PREFIXES)) % len(SUFFIXES)]
    return f"{prefix}{bases[base]}{suffix}", base


def weighted(chance: random.Random, shares: dict):
    return chance.choices(list(shares), weights=list(shares.values()))[0]


def insert_batches(session: Session, model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model), rows[start:start + BATCH])


# --- organisation, staff, consultation -------------------------------------------------------

def organisation_and_staff(session: Session) -> tuple[Organisation, dict]:
    organisation = Organisation(name="City of Scale", slug="city-of-scale",
                                offices=["City Manager's Office"])
    session.add(organisation)
    session.flush()
    use_organisation(session, organisation.id)
    users.ensure_roles(session)
    staff = {role: users.create_user(session, email, PASSWORD, [role])
             for role, email in STAFF.items()}
    return organisation, staff


def consultation(session: Session, organisation: Organisation) -> Consultation:
    now = utcnow()
    item = Consultation(
        organisation=organisation, slug="city-priorities",
        title="What should the city do in the next four years?",
        summary="Tell us what would make the city a better place to live, work and grow up.",
        body="Every idea is **read** and answered in public.", phase=Phase.ANALYSIS,
        opens_at=now - timedelta(days=74), closes_at=now - timedelta(days=14),
        languages=["en", "es", "fr"], areas=[a for a in AREAS if a],
        office="City Manager's Office")
    item.questions.append(Question(position=1, text="What should the city do first?"))
    session.add(item)
    events.record(session, None, "consultation.created", item, {})
    session.flush()
    return item


# --- ideas, supports, flags, events ---------------------------------------------------------

def ideas(session: Session, item: Consultation, count: int, bases: list[str],
          chance: random.Random, first: int = 0) -> list[tuple[int, int, SubmissionStatus]]:
    """Insert `count` ideas; returns (id, comment index, status) of each, in order. `first`:
    how many ideas the consultation has already (the new ones follow them, with other texts)."""
    question_id = item.questions[0].id
    start, window = item.opens_at, item.closes_at - item.opens_at
    rows, kept = [], []
    for number in range(first, first + count):
        text, base = idea_text(bases, number)
        language = "en"
        if chance.random() < 0.06:
            language = chance.choice(list(OTHER_LANGUAGES))
            text = f"{chance.choice(OTHER_LANGUAGES[language])} ({number})"
        status = weighted(chance, STATUSES)
        received = start + window * (number / (first + count))
        backers = int(chance.paretovariate(1.3)) - 1 if chance.random() < 0.5 else 0
        rows.append({
            "organisation_id": item.organisation_id, "consultation_id": item.id,
            "question_id": question_id, "title": "", "text": text, "language": language,
            "area": chance.choice(AREAS), "channel": weighted(chance, CHANNELS),
            "status": status, "support_count": min(backers, 400),
            "moderation_reason": "Breaks the house rules." if status is
            SubmissionStatus.HIDDEN else None,
            "tracking_nonce": f"{number:032x}", "received_at": received, "created_at": received,
        })
        kept.append((base, status))
    insert_batches(session, Submission, rows)
    ids = session.scalars(select(Submission.id).where(Submission.consultation_id == item.id)
                          .order_by(Submission.id).offset(first)).all()
    supports(session, item.organisation_id, ids, [row["support_count"] for row in rows])
    return [(idea_id, base, status) for idea_id, (base, status) in zip(ids, kept, strict=True)]


def supports(session: Session, organisation_id: int, ids: list[int], counts: list[int]) -> None:
    rows = [{"organisation_id": organisation_id, "submission_id": idea_id,
             "supporter_key": f"key-{idea_id}-{n}"}
            for idea_id, count in zip(ids, counts, strict=True) for n in range(count)]
    insert_batches(session, Support, rows)


def flags(session: Session, organisation_id: int, published: list[int],
          chance: random.Random) -> int:
    """Unresolved flags on about 1 % of the published ideas, one to three each."""
    reasons = list(FlagReason)
    rows = [{"organisation_id": organisation_id, "submission_id": idea_id,
             "reason": chance.choice(reasons), "note": "", "flagger_key": f"flag-{idea_id}-{n}"}
            for idea_id in chance.sample(published, max(5, len(published) // 100))
            for n in range(chance.randint(1, 3))]
    insert_batches(session, Flag, rows)
    return len(rows)


def idea_events(session: Session, ids: list[int]) -> None:
    """One `submission.imported` event per idea, through the hash chain's own writer."""
    for start in range(0, len(ids), BATCH):
        batch = session.scalars(select(Submission).where(
            Submission.id.in_(ids[start:start + BATCH])).order_by(Submission.id)).all()
        events.record_many(session, None, "submission.imported",
                           [(idea, {"channel": idea.channel.value}) for idea in batch])
        for row in list(session.identity_map.values()):  # keep the session small
            if isinstance(row, Submission | Event):
                session.expunge(row)


# --- answers and the plan -------------------------------------------------------------------

def answer_row(item: Consultation, official, chance: random.Random, **fields) -> dict:
    now = utcnow()
    return {"organisation_id": item.organisation_id, "consultation_id": item.id,
            "status": chance.choice(list(ResponseStatus)), "state": ResponseState.PUBLISHED,
            "text": chance.choice(ANSWERS), "office": item.office, "version": 1,
            "drafted_by_id": official.id, "published_by_id": official.id,
            "created_at": now, "published_at": now, **fields}


def answers(session: Session, item: Consultation, official, members: dict[int, list[int]],
            published: list[int], keep: int, chance: random.Random) -> int:
    """Published answers to every other theme (each with its ideas' copies), to 15 % of the
    ideas one by one (`keep` among them), and drafts for 1 %."""
    answered = list(members)[::2]
    insert_batches(session, Response, [answer_row(item, official, chance, theme_id=theme_id)
                                       for theme_id in answered])
    parents = dict(session.execute(select(Response.theme_id, Response.id).where(
        Response.theme_id.in_(answered))).all())
    copied = [answer_row(item, official, chance, submission_id=idea_id,
                         from_theme_id=parents[theme_id])
              for theme_id in answered for idea_id in members[theme_id]]
    chosen = set(chance.sample(published, len(published) // 6)) | {keep}
    own = [answer_row(item, official, chance, submission_id=idea_id) for idea_id in chosen]
    drafts = [answer_row(item, official, chance, submission_id=idea_id,
                         state=ResponseState.DRAFT, published_at=None, published_by_id=None)
              for idea_id in chance.sample(sorted(set(published) - chosen), len(published) // 100)]
    rows = copied + own + drafts
    insert_batches(session, Response, rows)
    return len(rows) + len(answered)


def action_plan(session: Session, item: Consultation, facilitator, theme_ids: list[int]):
    """A published plan of five commitments drafted from themes through the plan's own
    services: each links its themes and every idea in them."""
    plan = plans.create_plan(session, facilitator, item, "Open city action plan 2027–2028",
                             date(2027, 1, 1), date(2028, 12, 31))
    session.flush()
    sources = [[0], [2], [4], [7, 8], [11]]
    commitments = []
    for number, ranks in enumerate(sources, 1):
        chosen = [theme_ids[rank] for rank in ranks if rank < len(theme_ids)]
        commitment = plans.draft_from_themes(session, facilitator, plan, chosen)
        plans.edit(session, facilitator, commitment, {
            "action": f"Deliver commitment {number} with the neighbourhood groups.",
            "lead_institution": "City Manager's Office"}, "First full draft.")
        for month, status in ((3, MilestoneStatus.COMPLETE), (9, MilestoneStatus.IN_PROGRESS),
                              (20, MilestoneStatus.NOT_STARTED)):
            plans.add_milestone(session, facilitator, commitment, f"Milestone at month {month}",
                                date(2027, 1, 1) + timedelta(days=30 * month),
                                "City Manager's Office", status)
        plans.publish_commitment(session, facilitator, commitment)
        commitments.append(commitment)
    plans.publish_plan(session, facilitator, plan)
    return plan, commitments


# --- all of it ------------------------------------------------------------------------------

def build(session: Session, count: int, model: str, seed: int = 2026) -> tuple[Built, dict]:
    """Everything, committed; returns the ids the pages need and seconds per step."""
    chance = random.Random(seed)
    timer = Steps()
    organisation, staff = organisation_and_staff(session)
    item = consultation(session, organisation)
    bases = comments()
    rows = ideas(session, item, count, bases, chance)
    timer.lap("ideas and supports")
    published = [idea_id for idea_id, _, status in rows if status is SubmissionStatus.PUBLISHED]
    flagged = flags(session, organisation.id, published, chance)
    idea_events(session, [idea_id for idea_id, _, _ in rows])
    timer.lap("one event per idea (hash chain)")
    comment_theme = theme_of_comment(bases, theme_count(count), chance)
    placed = {idea_id: comment_theme[base] for idea_id, base, status in rows
              if status is SubmissionStatus.PUBLISHED}
    texts = dict(session.execute(select(Submission.id, Submission.text).where(
        Submission.consultation_id == item.id, Submission.status == SubmissionStatus.PUBLISHED)
    ).tuples().all())
    run, by_rank = clustering_run(session, item, staff["facilitator"], placed, model)
    members = themes_and_memberships(session, item, run, texts, placed, by_rank)
    timer.lap("clustering run, themes, memberships")
    vectors = embeddings(session, model, texts, placed, seed)
    timer.lap("embeddings")
    largest = max(members, key=lambda theme_id: len(members[theme_id]))
    idea_id = members[largest][0]
    responses = answers(session, item, staff["official"], members, published, idea_id, chance)
    timer.lap("answers")
    plan, commitments = action_plan(session, item, staff["facilitator"], list(members))
    session.commit()
    timer.lap("action plan (services)")
    built = Built(consultation_id=item.id, plan_id=plan.id, commitment_id=commitments[0].id,
                  largest_theme_id=largest, idea_id=idea_id, ideas=count, counts={
                      "published": len(published), "flags": flagged, "themes": len(members),
                      "largest theme": len(members[largest]), "vectors": vectors,
                      "answers": responses})
    return built, timer.seconds


class Steps:
    """Seconds per step of the build."""

    def __init__(self) -> None:
        self.clock = time.perf_counter
        self.last = self.clock()
        self.seconds: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = self.clock()
        self.seconds[name] = now - self.last
        self.last = now
