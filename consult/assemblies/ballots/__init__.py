"""The ballot types of an assembly round: what members vote with, one module each.

A round's page, its POST views, its results and its participation tally go through the
registered types in order (`registered()`), so none of them names a ballot type, but for the
two POST URLs that rating and ranking keep. Rating (a value on the assembly's scale for every
agenda item) and ranking (one order of the round's commitments per member) are the types the
assembly starts with.

A new ballot type needs:

- one module in this folder with a `BallotType` subclass, registered in `_built_in()` below;
- its table in consult/assemblies/models.py, with an Alembic migration in migrations/versions/;
- its template partial, consult/templates/assemblies/ballots/_<name>.html, named by its
  `partial`, with the macros the round pages call when it defines them:
  `form(round, mine, posted, posted_to, action)` in the member's voting section (`mine` is
  what `mine()` gave, `posted_to` the name of the type whose form was refused),
  `item_result(round, result, results, percent)` and `round_result(results)` in the
  published results, `facilitator_result(round, result, percent)` and
  `participation_cell(count)` on the facilitators' page of the round (whose participation
  table heads its column with the type's `label`);
- its strings in the catalogs (`make i18n`).

Its form posts to `assemblies.vote` with the type's name (`action()` gives the URL), unless
the type keeps a URL of its own. Its figures reach the templates as `result.tallies[name]`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections import Counter
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from consult.assemblies.models import AgendaItem, Round, Volunteer
from consult.core.errors import ConsultError


class BallotType(ABC):
    """One kind of ballot. A subclass sets the names and implements the five methods."""

    name: str  # in the registry, in `posted_to` and in the voting URL
    label: Any  # what members call it, lazily translated
    partial: Any  # the template (a name, or a jinja2 Template) that holds its macros
    counted_as: str  # a participation row's attribute: how many ballots the member cast
    saved: Any  # the message once the ballot is saved
    anchor: str = "voting"  # where the round page opens once the ballot is saved
    endpoint: str = "assemblies.vote"

    def action(self, round_: Round) -> str:
        """Where the member's form posts."""
        if self.endpoint == "assemblies.vote":
            return url_for(self.endpoint, round_id=round_.id, ballot=self.name)
        return url_for(self.endpoint, round_id=round_.id)

    @abstractmethod
    def read(self, round_: Round, form: MultiDict) -> Any:
        """The ballot as posted; raises ConsultError when the form cannot be one."""

    @abstractmethod
    def record(self, session: Session, member: Volunteer | None, round_: Round,
               ballot: Any) -> None:
        """Record the ballot through the round's services (they check the member and stage)."""

    @abstractmethod
    def mine(self, session: Session, round_: Round, member: Volunteer) -> dict:
        """What `member` has cast so far, for their form."""

    @abstractmethod
    def tally(self, session: Session, round_: Round,
              items: list[AgendaItem]) -> dict[int, Any]:
        """agenda item id → this type's figures for the item, for the results."""

    @abstractmethod
    def votes(self, session: Session, round_: Round) -> Counter:
        """member id → how many ballots of this type they cast in the round."""


_registry: dict[str, BallotType] = {}


def register(ballot: BallotType) -> BallotType:
    if ballot.name in _registry:
        raise ValueError(f"A ballot type is already named {ballot.name!r}.")
    _registry[ballot.name] = ballot
    return ballot


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered() -> list[BallotType]:
    """The ballot types, in the order the round page shows them."""
    return list(_registry.values())


def get(name: str) -> BallotType | None:
    return _registry.get(name)


def posted_number(text: str | None) -> int:
    """A whole number sent by one of the round's forms."""
    if text is None or not re.fullmatch(r"-?[0-9]{1,9}", text.strip()):
        raise ConsultError(_l("Choose one of the answers offered."))
    return int(text)


def _built_in() -> None:
    # Imported here: their modules import this one for BallotType.
    from consult.assemblies.ballots import ranking, rating

    register(rating.RatingBallot())
    register(ranking.RankingBallot())


_built_in()
