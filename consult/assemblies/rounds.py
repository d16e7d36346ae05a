"""Assembly rounds: an agenda of themes and draft commitments that members deliberate on
(comments, amendments, supports), then rate and rank; results, published with a summary, and
accepted amendments written into the commitments' history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.assemblies.models import (
    AgendaItem,
    Amendment,
    AmendmentStatus,
    AmendmentSupport,
    Assembly,
    Comment,
    Ranking,
    Rating,
    RatingScale,
    Round,
    RoundStage,
    Volunteer,
)
from consult.core import events
from consult.core.base import utcnow
from consult.core.dates import format_moment
from consult.core.errors import Conflict, ConsultError, NotAllowed, NotFound
from consult.core.user import User
from consult.plans import drafting as plans
from consult.plans.models import Commitment
from consult.themes.state import resolve_theme

MAX_COMMENT = 2000
MAX_AMENDMENT = 5000
# The commitment fields an amendment may change: the texts of the OGP template.
AMENDABLE_FIELDS = ("title", "problem", "status_quo", "action", "contribution", "relevance")
SCALES = {RatingScale.THREE: (-1, 0, 1), RatingScale.FIVE: (1, 2, 3, 4, 5)}
STAGES = (RoundStage.DELIBERATE, RoundStage.VOTE, RoundStage.RESULTS)


# --- rounds (facilitators) -----------------------------------------------------------------------

def create_round(session: Session, actor: User, assembly: Assembly, title: str,
                 opens_at: datetime, closes_at: datetime, theme_ids: list[int],
                 commitment_ids: list[int], common_ground: bool = False) -> Round:
    if not title.strip():
        raise ConsultError(_l("Give the round a title."))
    if closes_at <= opens_at:
        raise ConsultError(_l("The round must close after it opens."))
    if not theme_ids and not commitment_ids and not common_ground:
        raise ConsultError(_l("Put at least one theme or draft commitment on the agenda."))
    number = (session.scalar(select(func.max(Round.number))
                             .where(Round.assembly_id == assembly.id)) or 0) + 1
    round_ = Round(assembly=assembly, number=number, title=title.strip(), opens_at=opens_at,
                   closes_at=closes_at, common_ground=common_ground)
    session.add(round_)
    position = 0
    for commitment_id in dict.fromkeys(commitment_ids):
        commitment = session.get(Commitment, commitment_id)
        if commitment is None or commitment.plan_id != assembly.plan_id:
            raise ConsultError(_l("That commitment is not part of this assembly's plan."))
        position += 1
        session.add(AgendaItem(round=round_, position=position, commitment=commitment))
    for theme_id in dict.fromkeys(theme_ids):
        theme = resolve_theme(session, theme_id)
        if theme is None or theme.consultation_id != assembly.plan.consultation_id:
            raise ConsultError(_l("That theme is not part of this plan's consultation."))
        position += 1
        session.add(AgendaItem(round=round_, position=position, theme=theme))
    events.record(session, actor, "round.created", round_, {"assembly": assembly.id})
    return round_


def advance(session: Session, actor: User, round_: Round) -> None:
    """Deliberate → vote → results (closed)."""
    if round_.stage is RoundStage.RESULTS:
        raise Conflict(_l("This round is closed."))
    round_.stage = STAGES[STAGES.index(round_.stage) + 1]
    if round_.stage is RoundStage.RESULTS:
        round_.closed_at = utcnow()
    events.record(session, actor, "round.stage", round_, {"stage": round_.stage.value})


def close(session: Session, actor: User, round_: Round) -> None:
    if round_.stage is RoundStage.RESULTS:
        raise Conflict(_l("This round is closed."))
    round_.stage, round_.closed_at = RoundStage.RESULTS, utcnow()
    events.record(session, actor, "round.stage", round_, {"stage": round_.stage.value})


def publish(session: Session, actor: User, round_: Round, summary: str) -> None:
    if round_.stage is not RoundStage.RESULTS:
        raise ConsultError(_l("Close the round before publishing its results."))
    if not summary.strip():
        raise ConsultError(_l("Write a summary of the results for the public."))
    round_.summary, round_.published_at = summary.strip(), round_.published_at or utcnow()
    events.record(session, actor, "round.published", round_, {})


def is_open(round_: Round, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (round_.stage is not RoundStage.RESULTS and round_.opens_at <= now
            and now < round_.closes_at)


@dataclass(frozen=True)
class RoundNow:
    """Where a round stands at a moment, as its pages show it."""

    open: bool  # members may act now
    deliberating: bool  # open, in deliberation: comment, propose and support changes
    voting: bool  # open, in the vote
    upcoming: bool  # not opened yet
    closed: bool  # closed for results: the facilitators sum them up, then publish them


def now_in(round_: Round, now: datetime | None = None) -> RoundNow:
    now = now or utcnow()
    running = is_open(round_, now)
    return RoundNow(open=running, deliberating=running and round_.stage is RoundStage.DELIBERATE,
                    voting=running and round_.stage is RoundStage.VOTE,
                    upcoming=now < round_.opens_at, closed=round_.stage is RoundStage.RESULTS)


def _check_open(round_: Round, stage: RoundStage) -> None:
    now = utcnow()
    if now < round_.opens_at:
        raise NotAllowed(_l("This round has not opened yet: it opens on %(when)s.",
                            when=format_moment(round_.opens_at)))
    if round_.stage is RoundStage.RESULTS or now >= round_.closes_at:
        raise NotAllowed(_l("This round is closed: it no longer takes comments, amendments "
                            "or votes."))
    if round_.stage is not stage:
        raise Conflict(_l("Comments and amendments are closed: the round is voting now.")
                       if stage is RoundStage.DELIBERATE
                       else _l("Voting has not started: the round is still deliberating."))


def _check_member(member: Volunteer | None, round_: Round) -> Volunteer:
    if member is None or not member.is_member or member.assembly_id != round_.assembly_id:
        raise NotAllowed(_l("Only members of the assembly can take part in its rounds."))
    return member


def item_of(session: Session, round_: Round, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.round_id != round_.id:
        raise NotFound(_l("That item is not on this round's agenda."))
    return item


# --- deliberation (members) ----------------------------------------------------------------------

def comment(session: Session, member: Volunteer | None, item: AgendaItem, body: str,
            parent_id: int | None = None) -> Comment:
    round_ = item.round
    _check_member(member, round_)
    _check_open(round_, RoundStage.DELIBERATE)
    body = body.strip()
    if not body:
        raise ConsultError(_l("Write your comment."))
    if len(body) > MAX_COMMENT:
        raise ConsultError(_comment_too_long(len(body)))
    parent = None
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.item_id != item.id:
            raise NotFound(_l("The comment you reply to is not on this item."))
        parent = session.get(Comment, parent.parent_id) if parent.parent_id else parent  # one level
    note = Comment(item_id=item.id, member=member, parent_id=parent.id if parent else None,
                   body=body)
    session.add(note)
    events.record(session, None, "round.commented", round_, {"item": item.id})
    return note


def _length(count: int, limit: int) -> dict:
    return {"count": format_decimal(count), "max": format_decimal(limit)}


def _comment_too_long(count: int) -> object:
    return _ln("Your comment has %(count)s character; the limit is %(max)s. "
               "Shorten it: your text is kept below.",
               "Your comment has %(count)s characters; the limit is %(max)s. "
               "Shorten it: your text is kept below.", count, **_length(count, MAX_COMMENT))


def _proposal_too_long(count: int, limit: int) -> object:
    return _ln("The text you propose has %(count)s character; the limit is %(max)s. "
               "Shorten it: your text is kept below.",
               "The text you propose has %(count)s characters; the limit is %(max)s. "
               "Shorten it: your text is kept below.", count, **_length(count, limit))


def _reason_too_long(count: int) -> object:
    return _ln("Your reason has %(count)s character; the limit is %(max)s. "
               "Shorten it: your text is kept below.",
               "Your reason has %(count)s characters; the limit is %(max)s. "
               "Shorten it: your text is kept below.", count, **_length(count, MAX_COMMENT))


def propose_amendment(session: Session, member: Volunteer | None, round_: Round,
                      commitment_id: int, field_name: str, proposed: str,
                      rationale: str = "") -> Amendment:
    _check_member(member, round_)
    _check_open(round_, RoundStage.DELIBERATE)
    item = next((i for i in round_.items if i.commitment_id == commitment_id), None)
    if item is None:
        raise ConsultError(_l("That commitment is not on this round's agenda: only commitments "
                              "on the agenda can be amended."))
    if field_name not in AMENDABLE_FIELDS:
        raise ConsultError(_l("Choose the part of the commitment you want to change."))
    proposed = proposed.strip()
    current = getattr(item.commitment, field_name) or ""
    if not proposed:
        raise ConsultError(_l("Write the text you propose."))
    limit = 200 if field_name == "title" else MAX_AMENDMENT
    if len(proposed) > limit:
        raise ConsultError(_proposal_too_long(len(proposed), limit))
    rationale = rationale.strip()
    if len(rationale) > MAX_COMMENT:
        raise ConsultError(_reason_too_long(len(rationale)))
    if proposed == current.strip():
        raise ConsultError(_l("The text you propose is the same as the current text."))
    amendment = Amendment(item=item, member=member, field=field_name, original=current,
                          proposed=proposed, rationale=rationale)
    session.add(amendment)
    session.flush()
    session.add(AmendmentSupport(amendment=amendment, member_id=member.id))
    events.record(session, None, "round.amendment_proposed", round_,
                  {"amendment": amendment.id, "commitment": commitment_id, "field": field_name})
    return amendment


def support(session: Session, member: Volunteer | None, amendment: Amendment) -> None:
    round_ = amendment.item.round
    _check_member(member, round_)
    _check_open(round_, RoundStage.DELIBERATE)
    if any(s.member_id == member.id for s in amendment.supports):
        raise Conflict(_l("You already support this amendment."))
    session.add(AmendmentSupport(amendment=amendment, member_id=member.id))
    events.record(session, None, "round.amendment_supported", round_,
                  {"amendment": amendment.id})


# --- voting (members) ----------------------------------------------------------------------------

def scale_of(round_: Round) -> tuple[int, ...]:
    return SCALES[round_.assembly.rating_scale]


def rate(session: Session, member: Volunteer | None, item: AgendaItem, value: int) -> Rating:
    """A member's rating of an item; a second rating replaces the first."""
    round_ = item.round
    _check_member(member, round_)
    _check_open(round_, RoundStage.VOTE)
    scale = scale_of(round_)
    if value not in scale:
        raise ConsultError(_l("A rating is one of %(values)s.",
                              values=", ".join(str(v) for v in scale)))
    rating = session.scalar(select(Rating).where(Rating.item_id == item.id,
                                                 Rating.member_id == member.id))
    if rating is None:
        rating = Rating(item_id=item.id, member_id=member.id, value=value)
        session.add(rating)
    rating.value = value
    events.record(session, None, "round.rated", round_, {"item": item.id})
    return rating


def rank(session: Session, member: Volunteer | None, round_: Round,
         item_ids: list[int]) -> Ranking:
    """A member's order of the round's commitments, most preferred first (replaces the last)."""
    _check_member(member, round_)
    _check_open(round_, RoundStage.VOTE)
    allowed = {i.id for i in round_.items if i.commitment_id}
    if len(set(item_ids)) != len(item_ids):
        raise ConsultError(_l("Give each commitment a different place."))
    if not item_ids or not set(item_ids) <= allowed:
        raise ConsultError(_l("Rank the commitments of this round's agenda."))
    ranking = session.scalar(select(Ranking).where(Ranking.round_id == round_.id,
                                                   Ranking.member_id == member.id))
    if ranking is None:
        ranking = Ranking(round_id=round_.id, member_id=member.id, item_ids=item_ids)
        session.add(ranking)
    ranking.item_ids = list(item_ids)
    events.record(session, None, "round.ranked", round_, {})
    return ranking


# --- amendments (facilitators) -------------------------------------------------------------------

def accept_amendment(session: Session, actor: User, amendment: Amendment) -> None:
    """Write the amendment into the commitment as a revision linked to the round."""
    round_ = amendment.item.round
    if round_.stage is not RoundStage.RESULTS:
        raise ConsultError(_l("Close the round before deciding on its amendments."))
    if amendment.status is not AmendmentStatus.PROPOSED:
        raise Conflict(_l("This amendment was already decided."))
    commitment = amendment.item.commitment
    reason = str(_l("Amended by the assembly in round %(n)s (%(supports)s supports).",
                    n=round_.number, supports=len(amendment.supports)))
    revision = plans.edit(session, actor, commitment, {amendment.field: amendment.proposed},
                          reason)
    if revision is None:
        raise Conflict(_l("The commitment already says this."))
    revision.round_id = round_.id
    amendment.status, amendment.revision_id = AmendmentStatus.ACCEPTED, revision.id
    events.record(session, actor, "round.amendment_accepted", round_,
                  {"amendment": amendment.id, "revision": revision.number})


def decline_amendment(session: Session, actor: User, amendment: Amendment) -> None:
    round_ = amendment.item.round
    if round_.stage is not RoundStage.RESULTS:
        raise ConsultError(_l("Close the round before deciding on its amendments."))
    if amendment.status is not AmendmentStatus.PROPOSED:
        raise Conflict(_l("This amendment was already decided."))
    amendment.status = AmendmentStatus.DECLINED
    events.record(session, actor, "round.amendment_declined", round_, {"amendment": amendment.id})
