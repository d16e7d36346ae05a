"""The demo's citizens' assembly: 300 volunteers, 30 seats drawn under census quotas, and a
closed first round on the plan's commitments with comments, amendments, ratings and rankings."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.orm import Session

from consult.accounts.users import find_by_email
from consult.assemblies import rounds
from consult.assemblies import setup as assemblies
from consult.assemblies.models import RatingScale, Round
from consult.core.base import utcnow
from consult.plans.models import ActionPlan

from .loader import AREAS
from .plan import FACILITATOR

SEATS, VOLUNTEERS, SEED = 30, 300, 20270115
CATEGORIES = [
    {"name": "age", "values": ["16-29", "30-44", "45-64", "65+"]},
    {"name": "gender", "values": ["woman", "man", "another"]},
    {"name": "area", "values": list(AREAS)},
    {"name": "housing", "values": ["owner", "renter"]},  # a category the facilitator added
]
# Census shares of Bowling Green and Warren County (a university town: many young renters).
CENSUS = {
    "age": {"16-29": 0.34, "30-44": 0.24, "45-64": 0.24, "65+": 0.18},
    "gender": {"woman": 0.51, "man": 0.47, "another": 0.02},
    "area": {"Downtown": 0.16, "College Hill": 0.22, "Westside": 0.2, "Smallhouse Road": 0.18,
             "Warren County": 0.24},
    "housing": {"owner": 0.45, "renter": 0.55},
}
# Who volunteers is not a mirror of the town: older owners sign up more often than young renters.
VOLUNTEERING = {"65+": 1.8, "45-64": 1.3, "16-29": 0.6, "owner": 1.4, "renter": 0.7}
GIVEN = ("Maria", "James", "Aisha", "Luis", "Emma", "Noah", "Fatima", "Olivia", "Diego", "Grace",
         "Samuel", "Hana", "Ruth", "Omar", "Lucy", "Daniel", "Amira", "Jacob", "Sofia", "Ethan")
FAMILY = ("Johnson", "García", "Nguyen", "Smith", "Hodžić", "Brown", "Williams", "Al-Sayed",
          "Martínez", "Davis", "Miller", "Wilson", "Moore", "Taylor", "Thomas", "Jackson")
COMMENTS = (
    "This is the commitment I care about most, but the dates look too relaxed.",
    "Who checks that the progress reports are honest? An independent group should.",
    "My street is in Westside and nothing has changed there in years.",
    "Good idea, but please publish the budget line too, not only the plan.",
    "Can the workshops be held in the evening so working people can come?",
    "I worry this is too vague to be measured.",
)
REPLIES = (
    "Agreed: a date for each milestone would help.",
    "The monitors' assessment is meant to do that, I think.",
    "Same in College Hill.",
)
AMENDMENTS = (
    ("action", "Publish a yearly programme with a budget line for each neighbourhood and a public "
               "map of progress, updated every quarter.",
     "Residents want to see what is spent where, not only the total."),
    ("action", "Co-design the changes with neighbourhood groups in three public workshops, held "
               "in the evening and online, with childcare offered.",
     "So that working parents can take part."),
    ("title", "Answer every resident within 60 days, in public",
     "The title should say what residents get."),
)


def create_demo_assembly(session: Session, plan: ActionPlan) -> Round:
    """Pool, quotas, the draw (published) and a closed, published first round."""
    facilitator = find_by_email(session, FACILITATOR)
    rng = random.Random(SEED)
    assembly = assemblies.create_assembly(
        session, facilitator, plan, "Bowling Green citizens' assembly", SEATS, CATEGORIES,
        RatingScale.THREE)
    shares = {(name, value): share for name, values in CENSUS.items()
              for value, share in values.items()}
    assemblies.set_quotas(session, facilitator, assembly,
                          assemblies.quotas_from_shares(assembly, shares))
    for number in range(VOLUNTEERS):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        assemblies.volunteer(session, assembly, name, f"volunteer{number + 1}@example.org", "",
                             _attributes(rng), rng.choice(("en", "en", "en", "es")))
    session.flush()
    draw = assemblies.start_draw(session, facilitator, assembly, seed=SEED)
    assemblies.execute_draw(session, draw)
    assemblies.publish_draw(session, facilitator, draw)
    round_ = _first_round(session, facilitator, assembly, plan, rng)
    session.commit()
    return round_


def _attributes(rng: random.Random) -> dict[str, str]:
    attributes = {}
    for name, shares in CENSUS.items():
        values = list(shares)
        weights = [shares[v] * VOLUNTEERING.get(v, 1.0) for v in values]
        attributes[name] = rng.choices(values, weights)[0]
    return attributes


def _first_round(session, facilitator, assembly, plan, rng) -> Round:
    now = utcnow()
    round_ = rounds.create_round(session, facilitator, assembly, "First reading of the drafts",
                                 now - timedelta(days=6), now + timedelta(days=1), [],
                                 [c.id for c in plan.commitments])
    session.flush()
    seated = assemblies.members(assembly)
    for member in seated:
        member.joined_at = now - timedelta(days=rng.randint(4, 6))
    items = [item for item in round_.items if item.commitment]
    for text, member in zip(COMMENTS, rng.sample(seated, len(COMMENTS)), strict=True):
        note = rounds.comment(session, member, rng.choice(items), text)
        session.flush()
        if rng.random() < 0.5:
            rounds.comment(session, rng.choice(seated), note.item, rng.choice(REPLIES), note.id)
    proposed = []
    for item, (field, text, why) in zip(items, AMENDMENTS, strict=False):
        proposed.append(rounds.propose_amendment(session, rng.choice(seated), round_,
                                                 item.commitment_id, field, text, why))
    session.flush()
    for amendment, backers in zip(proposed, (19, 12, 6), strict=False):
        for member in rng.sample(seated, backers):
            if all(s.member_id != member.id for s in amendment.supports):
                rounds.support(session, member, amendment)
                session.flush()
    rounds.advance(session, facilitator, round_)
    leanings = (0.8, 0.55, 0.35)  # the share who support each item: one is divisive
    for member in rng.sample(seated, 26):
        for item, leaning in zip(items, leanings, strict=False):
            draw = rng.random()
            value = 1 if draw < leaning else (-1 if draw > leaning + (1 - leaning) / 2 else 0)
            rounds.rate(session, member, item, value)
        order = sorted(items, key=lambda i: -leanings[items.index(i)] + rng.random() * 0.5)
        rounds.rank(session, member, round_, [i.id for i in order])
    rounds.close(session, facilitator, round_)
    session.flush()
    rounds.accept_amendment(session, facilitator, proposed[0])
    if len(proposed) > 2:
        rounds.decline_amendment(session, facilitator, proposed[2])
    rounds.publish(session, facilitator, round_, (
        "Twenty-six of the thirty members rated the drafts. The assembly strongly backs the "
        "first commitment and asked for a budget line per neighbourhood, which the facilitators "
        "accepted into the text. It is divided on the third: members want a stronger promise "
        "before they support it. The second round will take up the open amendments."))
    return round_
