"""A public consultation, its phases and its questions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, utcnow
from consult.core.scoping import OrganisationScoped


class Phase(StrEnum):
    """The life of a consultation, in order."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ANALYSIS = "analysis"
    ANSWERED = "answered"


class Consultation(OrganisationScoped, Base):
    __tablename__ = "consultation"
    __table_args__ = (Index("ix_consultation_phase_closes_at", "phase", "closes_at"),
                      UniqueConstraint("organisation_id", "slug"))

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised when shown
    language: Mapped[str] = mapped_column(String(10), default="en")  # of the text above
    phase: Mapped[Phase] = mapped_column(enum_column_type(Phase), default=Phase.DRAFT)
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    allow_anonymous: Mapped[bool] = mapped_column(default=True)
    # Answers are owed this many days after the consultation closes, by this office.
    response_days: Mapped[int] = mapped_column(default=60, server_default="60")
    office: Mapped[str] = mapped_column(String(200), default="", server_default="")
    premoderated: Mapped[bool] = mapped_column(default=False)
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Other languages of title/summary/body: {"es": {"title": ..., "summary": ..., "body": ...}}
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation = relationship("Organisation")
    questions: Mapped[list[Question]] = relationship(
        back_populates="consultation", order_by="Question.position", cascade="all, delete-orphan"
    )
    # Its ideas, for queries only (`Consultation.submissions.any()`), never loaded whole.
    submissions = relationship("Submission", viewonly=True, lazy="raise")

    @property
    def is_open(self) -> bool:
        return self.phase is Phase.OPEN

    @property
    def has_closed(self) -> bool:
        """Past its closing date, even before the phase switch catches up."""
        return self.phase not in (Phase.DRAFT, Phase.OPEN) or (
            self.closes_at is not None and self.closes_at <= utcnow())


class Question(OrganisationScoped, Base):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("consultation_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    help_text: Mapped[str] = mapped_column(Text, default="")
    translations: Mapped[dict] = mapped_column(JSON, default=dict)  # {"es": {"text": ...}}

    consultation: Mapped[Consultation] = relationship(back_populates="questions")
    # The ideas that answer it, for queries only, never loaded whole.
    submissions = relationship("Submission", viewonly=True, lazy="raise")


labels.register({
    Phase.DRAFT: _l("Draft"),
    Phase.OPEN: _l("Open for ideas"),
    Phase.CLOSED: _l("Closed"),
    Phase.ANALYSIS: _l("Ideas being analysed"),
    Phase.ANSWERED: _l("Answered"),
})
