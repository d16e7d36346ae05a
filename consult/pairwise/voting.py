"""Residents answer pairs: which of the two matters more, or "I can't decide".

A voter is an account, else an anonymous browser's key (the supporter cookie's, as for
supports and opinion votes). Each pair shown is recorded for its voter and carries a signed
token; an answer is taken only for a pair that was shown to its sender, and only once.
Answers are opinion data, like opinion votes: they stay out of the event log.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotAllowed
from consult.opinions.voting import Voter
from consult.pairwise import pairing
from consult.pairwise.models import PairwiseItem, PairwiseRound, PairwiseShown, PairwiseVote
from consult.pairwise.rounds import is_taking_answers

TOKEN_SALT = "consult.pairwise-pair"  # noqa: S105 - a signing context, not a password
UNDECIDED = "undecided"
NOT_SHOWN = _l("This pair was not shown to you, so your answer was not saved. Please choose "
               "again below.")


@dataclass(frozen=True)
class ShownItem:
    id: int
    text: str
    detail: str
    language: str | None


@dataclass(frozen=True)
class ShownPair:
    """A pair as the page shows it: plain values, readable after the commit."""

    token: str
    left: ShownItem
    right: ShownItem


@dataclass(frozen=True)
class Answer:
    """What an answer did: `stored` is False when the pair had already been answered."""

    stored: bool
    undecided: bool


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def pair_token(pair: PairwiseShown) -> str:
    return _serializer().dumps([pair.id, pair.left_item_id, pair.right_item_id])


def read_pair_token(token: str | None) -> tuple[int, int, int] | None:
    """(pair id, left item id, right item id) from a genuine token; None when forged."""
    try:
        values = _serializer().loads(token or "")
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != 3 or any(type(v) is not int
                                                                for v in values):
        return None
    return values[0], values[1], values[2]


def _owns(voter: Voter, model: type[PairwiseShown] | type[PairwiseVote]) -> ColumnElement[bool]:
    if voter.user is not None:
        return model.user_id == voter.user.id
    return model.voter_key == voter.key


def _identified(voter: Voter) -> bool:
    return voter.user is not None or voter.key is not None


def _salt(voter: Voter) -> int:
    return pairing.salt_of(f"u{voter.user.id}" if voter.user is not None else f"k{voter.key}")


def _shown(pair: PairwiseShown, items: dict[int, PairwiseItem]) -> ShownPair:
    def item(item_id: int) -> ShownItem:
        found = items[item_id]
        return ShownItem(found.id, found.text, found.detail, found.language)

    return ShownPair(pair_token(pair), item(pair.left_item_id), item(pair.right_item_id))


def current_pair(session: Session, round_: PairwiseRound, consultation: Consultation,
                 voter: Voter) -> ShownPair | None:
    """The pair this voter is to answer: the one shown and not yet answered, else a new one
    (recorded, flushed); None when the round takes no answers or they have seen every pair."""
    if not is_taking_answers(round_, consultation) or not _identified(voter):
        return None
    items = {item.id: item for item in round_.items}
    pairs = session.scalars(select(PairwiseShown).where(
        PairwiseShown.round_id == round_.id, _owns(voter, PairwiseShown))
        .order_by(PairwiseShown.id.desc())).all()
    if pairs and pairs[0].answered_at is None:
        return _shown(pairs[0], items)
    seen = {frozenset((pair.left_item_id, pair.right_item_id)) for pair in pairs}
    tallies = [pairing.Tally(item.id, item.wins, item.losses, item.undecided)
               for item in items.values()]
    chosen = pairing.choose_pair(tallies, seen, _salt(voter))
    if chosen is None:
        return None
    pair = PairwiseShown(round_id=round_.id, left_item_id=chosen[0], right_item_id=chosen[1],
                         user_id=voter.user.id if voter.user else None,
                         voter_key=None if voter.user else voter.key)
    session.add(pair)
    session.flush()
    return _shown(pair, items)


def _check_pair(session: Session, round_: PairwiseRound, voter: Voter,
                token: str | None) -> PairwiseShown:
    parsed = read_pair_token(token)
    pair = session.get(PairwiseShown, parsed[0]) if parsed else None
    if (pair is None or pair.round_id != round_.id
            or (pair.left_item_id, pair.right_item_id) != parsed[1:]):
        raise ConsultError(NOT_SHOWN)
    owner = pair.user_id == voter.user.id if voter.user else pair.voter_key == voter.key
    if not owner:
        raise ConsultError(_l("This pair was shown to another account or browser, so your "
                              "answer was not saved. If your browser refuses this site's "
                              "cookie, allow it and choose again below."))
    return pair


def _outcome(pair: PairwiseShown, choice: str | None) -> tuple[int | None, int | None]:
    """(winner, loser) item ids; (None, None) for "I can't decide"."""
    if choice == UNDECIDED:
        return None, None
    ids = (pair.left_item_id, pair.right_item_id)
    digits = choice and choice.isascii() and choice.isdigit() and len(choice) < 19
    winner = int(choice) if digits else None
    if winner not in ids:
        raise ConsultError(_l("Choose one of the two shown, or “I can't decide”."))
    return winner, ids[1] if winner == ids[0] else ids[0]


def answer(session: Session, round_: PairwiseRound, consultation: Consultation, voter: Voter,
           token: str | None, choice: str | None) -> Answer:
    """Record `voter`'s answer to the pair `token` names; a pair already answered keeps its
    first answer."""
    if not is_taking_answers(round_, consultation):
        raise NotAllowed(_l("This question is closed: it no longer takes answers."))
    if not _identified(voter):
        raise ConsultError(_l("Your browser did not keep our cookie; please try again."))
    pair = _check_pair(session, round_, voter, token)
    winner, loser = _outcome(pair, choice)
    vote = PairwiseVote(round_id=round_.id, pair_id=pair.id, winner_item_id=winner,
                        loser_item_id=loser, user_id=pair.user_id, voter_key=pair.voter_key)
    try:
        with session.begin_nested():
            session.add(vote)
    except IntegrityError:  # answered already: a double click, or the page sent twice
        return Answer(stored=False, undecided=winner is None)
    pair.answered_at = utcnow()
    _count(session, pair, winner, loser)
    return Answer(stored=True, undecided=winner is None)


def _count(session: Session, pair: PairwiseShown, winner: int | None,
           loser: int | None) -> None:
    if winner is None:
        session.execute(update(PairwiseItem).where(
            PairwiseItem.id.in_((pair.left_item_id, pair.right_item_id)))
            .values(undecided=PairwiseItem.undecided + 1))
        return
    session.execute(update(PairwiseItem).where(PairwiseItem.id == winner)
                    .values(wins=PairwiseItem.wins + 1))
    session.execute(update(PairwiseItem).where(PairwiseItem.id == loser)
                    .values(losses=PairwiseItem.losses + 1))


def answered_by(session: Session, round_: PairwiseRound, voter: Voter) -> int:
    """How many pairs of the round this voter has answered."""
    if not _identified(voter):
        return 0
    return session.scalar(select(func.count(PairwiseVote.id)).where(
        PairwiseVote.round_id == round_.id, _owns(voter, PairwiseVote))) or 0
