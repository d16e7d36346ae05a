"""Votes on ideas (agree, disagree, pass) and the opinion-group runs computed from them.

A run is computed aside and made current in its last transaction, like a clustering run:
what the public pages show is the current run's groups, statements and map.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, utcnow
from consult.core.scoping import OrganisationScoped
from consult.themes.models import RunStatus


class Stance(StrEnum):
    """A vote on an idea, as Pol.is counts them."""

    AGREE = "agree"
    DISAGREE = "disagree"
    PASS = "pass"  # noqa: S105 - a vote, not a password

    @property
    def number(self) -> int:
        """Pol.is's export value: 1 agree, -1 disagree, 0 pass."""
        return {Stance.AGREE: 1, Stance.DISAGREE: -1, Stance.PASS: 0}[self]


class Classification(StrEnum):
    """Where an idea stands across the opinion groups (consult.opinions.consensus)."""

    COMMON_GROUND = "common_ground"
    DIVISIVE = "divisive"
    NEITHER = "neither"
    TOO_FEW_VOTES = "too_few_votes"


class OpinionVote(OrganisationScoped, Base):
    """One person's vote on one idea: by account, or by a signed browser token (as supports).

    A vote can be changed; `updated_at` says when it last was. `voter_key` also holds the
    participant of an imported Pol.is conversation ("polis:<import>:<participant id>").
    """

    __tablename__ = "opinion_vote"
    __table_args__ = (
        UniqueConstraint("submission_id", "user_id"),
        UniqueConstraint("submission_id", "voter_key"),
        Index("ix_opinion_vote_consultation_user", "consultation_id", "user_id"),
        Index("ix_opinion_vote_consultation_key", "consultation_id", "voter_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"))
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    voter_key: Mapped[str | None] = mapped_column(String(80))
    stance: Mapped[Stance] = mapped_column(enum_column_type(Stance))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def participant(self) -> str:
        """The voter as the vote matrix knows them: an account or a browser, never both."""
        return f"u{self.user_id}" if self.user_id is not None else f"k{self.voter_key}"


class OpinionRun(OrganisationScoped, Base):
    """One computation of a consultation's opinion groups, with its published method."""

    __tablename__ = "opinion_run"
    __table_args__ = (Index("ix_opinion_run_consultation_status", "consultation_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[RunStatus] = mapped_column(enum_column_type(RunStatus), default=RunStatus.QUEUED)
    current: Mapped[bool] = mapped_column(default=False)
    seed: Mapped[int] = mapped_column(default=0)
    min_votes: Mapped[int] = mapped_column(default=7)
    algorithm: Mapped[str | None] = mapped_column(String(200))
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    participants_in: Mapped[int] = mapped_column(default=0)  # reached the minimum of votes
    participants_out: Mapped[int] = mapped_column(default=0)  # too few votes to be placed
    votes_in: Mapped[int] = mapped_column(default=0)
    ideas_in: Mapped[int] = mapped_column(default=0)
    groups_out: Mapped[int] = mapped_column(default=0)
    # Why there are no groups (nobody reached the minimum…), said plainly on the page.
    no_groups_reason: Mapped[str | None] = mapped_column(Text)
    # The participants' map, binned: [[group, column, row, people], …] on a 24 × 24 grid.
    map_cells: Mapped[list] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    consultation = relationship("Consultation")
    requested_by = relationship("User")
    groups: Mapped[list[OpinionGroup]] = relationship(
        back_populates="run", order_by="OpinionGroup.position", cascade="all, delete-orphan")

    @property
    def in_progress(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class OpinionGroup(OrganisationScoped, Base):
    """A group of participants who voted alike; `position` 0 is the largest (group A)."""

    __tablename__ = "opinion_group"
    __table_args__ = (UniqueConstraint("run_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("opinion_run.id", ondelete="CASCADE"))
    position: Mapped[int]
    size: Mapped[int]
    # The ideas that most set it apart: [{"submission_id", "direction", "share", "ratio"}, …]
    representative: Mapped[list] = mapped_column(JSON, default=list)

    run: Mapped[OpinionRun] = relationship(back_populates="groups")

    @property
    def letter(self) -> str:
        return chr(ord("A") + self.position)


class OpinionMember(OrganisationScoped, Base):
    """A participant placed in a group by a run (for open data: never who they are)."""

    __tablename__ = "opinion_member"
    __table_args__ = (UniqueConstraint("run_id", "participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("opinion_run.id", ondelete="CASCADE"))
    participant: Mapped[str] = mapped_column(String(90))  # OpinionVote.participant
    position: Mapped[int]  # the group's
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)


class OpinionStatement(OrganisationScoped, Base):
    """How the groups of a run voted on one idea, and where the idea stands."""

    __tablename__ = "opinion_statement"
    __table_args__ = (
        UniqueConstraint("run_id", "submission_id"),
        Index("ix_opinion_statement_run_class", "run_id", "classification", "consensus"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("opinion_run.id", ondelete="CASCADE"))
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    votes: Mapped[int]  # of everyone, grouped or not
    agree: Mapped[int]
    disagree: Mapped[int]
    passed: Mapped[int]
    # Per group, by position: [[agree, disagree, pass], …]
    by_group: Mapped[list] = mapped_column(JSON, default=list)
    classification: Mapped[Classification] = mapped_column(enum_column_type(Classification))
    consensus: Mapped[float] = mapped_column(Float)  # group-informed consensus, 0–1
    spread: Mapped[float] = mapped_column(Float)  # largest minus smallest group agree share

    submission = relationship("Submission")

    def group_shares(self) -> list[float | None]:
        """Each group's agree share among its members who voted on the idea."""
        return [a / (a + d + p) if a + d + p else None for a, d, p in self.by_group]


labels.register({
    Stance.AGREE: _l("Agree"),
    Stance.DISAGREE: _l("Disagree"),
    Stance.PASS: _l("Pass / unsure"),
    Classification.COMMON_GROUND: _l("Common ground"),
    Classification.DIVISIVE: _l("Divides the groups"),
    Classification.NEITHER: _l("Neither"),
    Classification.TOO_FEW_VOTES: _l("Too few votes"),
})
