"""Filters of a list of ideas for facilitators (a theme's, or the whole consultation's): read
from a query string, written back into links, applied to a statement."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from werkzeug.datastructures import MultiDict

from consult.core.ids import database_id
from consult.ideas.listing import SEARCH_LENGTH, search
from consult.ideas.models import Channel, Submission
from consult.themes.models import IdeaCuration

MOST_SUPPORTS = 1_000_000  # a larger filter reads as this one


def _whole_number(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


@dataclass
class IdeaFilters:
    question_id: int | None = None
    area: str | None = None
    language: str | None = None
    q: str = ""  # words every idea listed contains
    dialect: str = "sqlite"  # the database's, for the search
    channel: Channel | None = None
    min_supports: int = 0
    pinned: bool = False  # only the ideas a facilitator pinned

    @classmethod
    def from_args(cls, args: MultiDict, dialect: str) -> IdeaFilters:
        """The filters of a query string; a value that makes no sense is no filter."""
        return cls(
            question_id=args.get("question", type=database_id),
            area=args.get("area") or None, language=args.get("language") or None,
            q=args.get("q", "").strip()[:SEARCH_LENGTH], dialect=dialect,
            channel=next((c for c in Channel if c.value == args.get("channel")), None),
            min_supports=min(args.get("supports", 0, type=_whole_number), MOST_SUPPORTS),
            pinned=args.get("pinned") == "1")

    def args(self) -> dict[str, object]:
        """The query string that gives these filters back (links to other pages)."""
        return {"q": self.q, "question": self.question_id or "", "area": self.area or "",
                "language": self.language or "",
                "channel": self.channel.value if self.channel else "",
                "supports": self.min_supports or "", "pinned": "1" if self.pinned else ""}

    def narrow(self, statement: Select, idea=Submission) -> Select:
        """`statement` kept to the ideas (`idea`: Submission or an alias of it) that match."""
        statement = search(statement, self.dialect, self.q, idea)
        if self.channel:
            statement = statement.where(idea.channel == self.channel)
        if self.min_supports:
            statement = statement.where(idea.support_count >= self.min_supports)
        if self.pinned:
            statement = statement.where(idea.id.in_(
                select(IdeaCuration.submission_id).where(IdeaCuration.pinned.is_(True))))
        if self.question_id:
            statement = statement.where(idea.question_id == self.question_id)
        if self.area:
            statement = statement.where(idea.area == self.area)
        if self.language:
            statement = statement.where(idea.language == self.language)
        return statement
