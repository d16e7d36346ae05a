"""A pairwise round on a consultation: what it compares, the pairs shown, and the answers.

The items are copied when the round opens (a theme or idea id and the text shown), so a later
clustering run that renames, merges or retires themes leaves the round and its answers whole.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, utcnow
from consult.core.scoping import OrganisationScoped


class Subject(StrEnum):
    """What a round compares."""

    THEMES = "themes"
    IDEAS = "ideas"


class PairwiseRound(OrganisationScoped, Base):
    """One question put to residents two items at a time. Open while `closed_at` is None;
    its results are public once `published_at` is set."""

    __tablename__ = "pairwise_round"
    __table_args__ = (Index("ix_pairwise_round_consultation_closed", "consultation_id",
                            "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"))
    subject: Mapped[Subject] = mapped_column(enum_column_type(Subject), default=Subject.THEMES)
    # Empty: the default question, shown in the reader's language.
    question: Mapped[str] = mapped_column(String(200), default="")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    consultation = relationship("Consultation")
    items: Mapped[list[PairwiseItem]] = relationship(
        back_populates="round", order_by="PairwiseItem.position", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class PairwiseItem(OrganisationScoped, Base):
    """A theme or idea as the round shows it, with its tally of answers (kept by each vote,
    so choosing the next pair reads one row per item)."""

    __tablename__ = "pairwise_item"
    __table_args__ = (UniqueConstraint("round_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pairwise_round.id", ondelete="CASCADE"))
    position: Mapped[int]
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(10))
    wins: Mapped[int] = mapped_column(default=0)
    losses: Mapped[int] = mapped_column(default=0)
    undecided: Mapped[int] = mapped_column(default=0)

    round: Mapped[PairwiseRound] = relationship(back_populates="items")


class PairwiseShown(OrganisationScoped, Base):
    """A pair shown to one voter (an account, or an anonymous browser's key). An answer must
    name a pair shown to its sender; a voter is not shown the same two items again."""

    __tablename__ = "pairwise_shown"
    __table_args__ = (
        Index("ix_pairwise_shown_round_user", "round_id", "user_id"),
        Index("ix_pairwise_shown_round_key", "round_id", "voter_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pairwise_round.id", ondelete="CASCADE"))
    left_item_id: Mapped[int] = mapped_column(
        ForeignKey("pairwise_item.id", ondelete="CASCADE"), index=True)
    right_item_id: Mapped[int] = mapped_column(
        ForeignKey("pairwise_item.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    voter_key: Mapped[str | None] = mapped_column(String(80))
    shown_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    left = relationship("PairwiseItem", foreign_keys=[left_item_id])
    right = relationship("PairwiseItem", foreign_keys=[right_item_id])


class PairwiseVote(OrganisationScoped, Base):
    """The answer to one shown pair: a winner and a loser, or neither ("I can't decide").

    One per pair: a second post of the same pair (a double click) is not stored again.
    """

    __tablename__ = "pairwise_vote"
    __table_args__ = (
        UniqueConstraint("pair_id"),
        CheckConstraint("(winner_item_id IS NULL) = (loser_item_id IS NULL)",
                        name="decided_or_not"),
        Index("ix_pairwise_vote_round_winner", "round_id", "winner_item_id", "loser_item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pairwise_round.id", ondelete="CASCADE"))
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairwise_shown.id", ondelete="CASCADE"))
    winner_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("pairwise_item.id", ondelete="CASCADE"))
    loser_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("pairwise_item.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    voter_key: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


labels.register({
    Subject.THEMES: _l("Themes"),
    Subject.IDEAS: _l("Ideas"),
})
