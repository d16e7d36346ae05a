"""Residents who follow a consultation or a commitment by email (double opt-in)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.base import Base, new_nonce, utcnow
from consult.core.scoping import OrganisationScoped


class Follow(OrganisationScoped, Base):
    """An address that asked for the news of one consultation or one commitment in its daily
    digest. It gets news only once confirmed, by the link mailed to it; the links it is sent
    are signed with `nonce`, so a new nonce revokes them all.

    One follow per address and target: the target that is not followed is NULL, which a
    unique constraint never compares, hence one constraint per kind of target.
    """

    __tablename__ = "follow"
    __table_args__ = (
        CheckConstraint("(consultation_id IS NULL) <> (commitment_id IS NULL)",
                        name="one_target"),
        UniqueConstraint("organisation_id", "email", "consultation_id"),
        UniqueConstraint("organisation_id", "email", "commitment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(10), default="en")
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(32), default=new_nonce)
    confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation = relationship("Consultation")
    commitment = relationship("Commitment")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def target(self):
        """The consultation or the commitment followed."""
        return self.consultation if self.consultation_id is not None else self.commitment
