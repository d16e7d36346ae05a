"""Who took part in an assembly's rounds: what each member did in a round, reminders to those
who have not yet, and how many rounds each member took part in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.assemblies import ballots, rounds
from consult.assemblies.mail import round_reminder_message
from consult.assemblies.models import (
    Amendment,
    AmendmentSupport,
    Assembly,
    Comment,
    Round,
    Volunteer,
)
from consult.assemblies.setup import members
from consult.core import events
from consult.core.errors import ConsultError
from consult.core.user import User
from consult.extensions import mail


@dataclass
class Participation:
    """What a member did in a round. `votes` holds how many ballots of each type they cast,
    under the type's name; each also reads as its `counted_as` attribute (`ratings`)."""

    member: Volunteer
    comments: int = 0
    amendments: int = 0
    supports: int = 0
    votes: dict[str, int] = field(default_factory=dict)

    @property
    def took_part(self) -> bool:
        return bool(self.comments or self.amendments or self.supports
                    or any(self.votes.values()))

    def __getattr__(self, name: str) -> int:
        ballot = next((b for b in ballots.registered() if b.counted_as == name), None)
        if ballot is None:
            raise AttributeError(name)
        return self.__dict__.get("votes", {}).get(ballot.name, 0)


def participation(session: Session, round_: Round) -> list[Participation]:
    """What each member did in the round."""
    rows = {m.id: Participation(member=m) for m in members(round_.assembly)}
    item_ids = [i.id for i in round_.items]

    def tally(column, where, attribute):
        query = select(column, func.count()).where(*where).group_by(column)
        for member_id, count in session.execute(query):
            if member_id in rows:
                setattr(rows[member_id], attribute, count)

    tally(Comment.member_id, [Comment.item_id.in_(item_ids)], "comments")
    tally(Amendment.member_id, [Amendment.item_id.in_(item_ids)], "amendments")
    tally(AmendmentSupport.member_id, [AmendmentSupport.amendment_id.in_(
        select(Amendment.id).where(Amendment.item_id.in_(item_ids)))], "supports")
    for ballot in ballots.registered():
        for member_id, count in ballot.votes(session, round_).items():
            if member_id in rows:
                rows[member_id].votes[ballot.name] = count
    return sorted(rows.values(), key=lambda p: p.member.reference)


def remind(session: Session, actor: User, round_: Round, link_for) -> int:
    """Mail every member with an email who has not taken part in the open round yet.
    `link_for(member)` gives their invitation link. Returns how many were reminded."""
    if not rounds.is_open(round_):
        raise ConsultError(_l("Reminders go out only while the round is open."))
    waiting = [p.member for p in participation(session, round_)
               if not p.took_part and p.member.email]
    with mail.get_connection() as connection:
        connection.send_messages([round_reminder_message(m, round_, link_for(m))
                                  for m in waiting])
    events.record(session, actor, "round.reminded", round_, {"members": len(waiting)})
    return len(waiting)


def rounds_taken_part(session: Session, assembly: Assembly) -> Counter:
    """member id → how many of the assembly's rounds they took part in."""
    taken = Counter()
    for round_ in assembly.rounds:
        taken.update(p.member.id for p in participation(session, round_) if p.took_part)
    return taken
