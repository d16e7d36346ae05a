"""The demo's pairwise question: simulated residents, whose preferences are known, compare the
demo consultation's themes two at a time, so the results page has a ranking to show.

The population: each theme has a strength, spread evenly and shuffled once (seeded), and each
resident sees it through their own taste (the strength plus personal noise). A resident
chooses the left item with the Bradley–Terry chance σ(left − right), and one answer in ten is
"I can't decide". The fitted ranking should find the population's order again;
`PairwiseDemo.known` keeps it to compare."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from sqlalchemy.orm import Session

from consult.accounts.users import find_by_email
from consult.consultations.models import Consultation
from consult.opinions.voting import Voter
from consult.pairwise import rounds, voting
from consult.pairwise.models import PairwiseRound, Subject

FACILITATOR = "facilitator@demo.consult.example"
RESIDENTS = 80
ANSWERS_EACH = 12
UNDECIDED_SHARE = 0.1
SPREAD = 1.5
TASTE_SD = 0.5  # how far a resident's taste strays from the population's
SEED = 2018


@dataclass(frozen=True)
class PairwiseDemo:
    round: PairwiseRound
    known: dict[int, float]  # item id → the population's strength
    answers: int
    residents: int


def _choice(rng: random.Random, taste: dict[int, float], pair: voting.ShownPair) -> str:
    if rng.random() < UNDECIDED_SHARE:
        return voting.UNDECIDED
    left_chance = 1 / (1 + math.exp(taste[pair.right.id] - taste[pair.left.id]))
    return str(pair.left.id if rng.random() < left_chance else pair.right.id)


def _strengths(rng: random.Random, count: int) -> list[float]:
    """Evenly spread from −SPREAD to +SPREAD on the log-odds scale, in a seeded order: known
    apart enough that enough answers can put them in order."""
    strengths = [SPREAD * (2 * i / max(count - 1, 1) - 1) for i in range(count)]
    rng.shuffle(strengths)
    return strengths


def compare_demo(session: Session, consultation: Consultation) -> PairwiseDemo:
    """Open a question on the consultation's themes, answer it as the simulated residents and
    publish the results, left open for visitors to add their answers; committed."""
    facilitator = find_by_email(session, FACILITATOR)
    round_ = rounds.open_round(session, facilitator, consultation, Subject.THEMES)
    session.flush()
    rng = random.Random(SEED)
    known = dict(zip([item.id for item in round_.items], _strengths(rng, len(round_.items)),
                     strict=True))
    answers = 0
    for resident in range(RESIDENTS):
        voter = Voter(None, f"demo:{resident}")
        taste = {item_id: strength + rng.gauss(0, TASTE_SD) for item_id, strength in known.items()}
        for _ in range(ANSWERS_EACH):
            pair = voting.current_pair(session, round_, consultation, voter)
            if pair is None:
                break
            voting.answer(session, round_, consultation, voter, pair.token,
                          _choice(rng, taste, pair))
            answers += 1
    rounds.publish_round(session, facilitator, round_)
    session.commit()
    return PairwiseDemo(round_, known, answers, RESIDENTS)
