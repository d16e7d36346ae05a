"""Submissions (ideas) and the support residents give them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, new_nonce, utcnow
from consult.core.scoping import OrganisationScoped
from consult.ideas.import_models import IdeaImport  # noqa: F401 - submission.import_id's table


class Channel(StrEnum):
    """How an idea reached the consultation."""

    WEB = "web"
    PAPER = "paper"
    WORKSHOP = "workshop"
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    WHATSAPP = "whatsapp"


class SubmissionStatus(StrEnum):
    PENDING = "pending"  # waiting for pre-moderation
    PUBLISHED = "published"
    HIDDEN = "hidden"  # by a moderator, with a public reason; never deleted
    WITHDRAWN = "withdrawn"  # by its author; kept in the record, out of lists and themes


IMPORT_UNDONE = "import undone"  # the reason kept on ideas whose import was undone


class Submission(OrganisationScoped, Base):
    __tablename__ = "submission"
    __table_args__ = (
        # Listing and counting a consultation's ideas from the index alone (migration 0015).
        Index("ix_submission_listing", "consultation_id", "status", "organisation_id",
              "created_at", "received_at"),
        Index("ix_submission_counted", "id", "status", "organisation_id", "support_count"),
        # The next idea to vote on: the fewest votes first (migration 0020).
        Index("ix_submission_votes", "consultation_id", "status", "vote_count"),
        CheckConstraint("support_count >= 0", name="support_count_not_negative"),
        # A re-import of the same file finds the ideas it brought the first time.
        UniqueConstraint("consultation_id", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE")
    )
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10))
    area: Mapped[str | None] = mapped_column(String(120))
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel), default=Channel.WEB)
    status: Mapped[SubmissionStatus] = mapped_column(
        enum_column_type(SubmissionStatus), default=SubmissionStatus.PUBLISHED
    )
    # None for anonymous ideas; the author is never shown publicly either way.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # Private: only used to send updates the resident asked for.
    contact_email: Mapped[str | None] = mapped_column(String(255))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    moderation_reason: Mapped[str | None] = mapped_column(Text)
    support_count: Mapped[int] = mapped_column(default=0)
    vote_count: Mapped[int] = mapped_column(default=0)  # agree, disagree and pass votes
    # Signs the private tracking link; a new value revokes the old links.
    tracking_nonce: Mapped[str] = mapped_column(String(32), default=new_nonce)
    # Sent with the idea form: a second send of the same form finds this idea again.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)  # when the city received it
    # When it was written, if earlier (an old export): answers are timed from received_at.
    original_at: Mapped[datetime | None]
    # Its id in the file it was imported from (a Pol.is comment id…), unique per consultation.
    source_id: Mapped[str | None] = mapped_column(String(200))
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("idea_import.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    consultation = relationship("Consultation")
    question = relationship("Question")
    author = relationship("User", foreign_keys=[author_id])
    revisions: Mapped[list[SubmissionRevision]] = relationship(
        back_populates="submission", order_by="SubmissionRevision.id")

    @property
    def taken_back_with_its_import(self) -> bool:
        """Hidden because the import that brought it was undone, not by a moderator."""
        return (self.status is SubmissionStatus.HIDDEN
                and self.moderation_reason == IMPORT_UNDONE)


class SubmissionRevision(OrganisationScoped, Base):
    """The text of an idea before its author corrected it: corrections never erase."""

    __tablename__ = "submission_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # when it was replaced

    submission: Mapped[Submission] = relationship(back_populates="revisions")


class Support(OrganisationScoped, Base):
    """One resident's support for an idea: by account, or by a signed browser token."""

    __tablename__ = "support"
    __table_args__ = (
        UniqueConstraint("submission_id", "user_id"),
        UniqueConstraint("submission_id", "supporter_key"),
        CheckConstraint(
            "user_id IS NOT NULL OR supporter_key IS NOT NULL", name="has_supporter"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    supporter_key: Mapped[str | None] = mapped_column(String(64))  # hash of the browser token
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FlagReason(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"
    OFF_TOPIC = "off_topic"
    OTHER = "other"


class Flag(OrganisationScoped, Base):
    """A resident's report that an idea needs a moderator's look."""

    __tablename__ = "flag"
    __table_args__ = (
        UniqueConstraint("submission_id", "user_id"),
        UniqueConstraint("submission_id", "flagger_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[FlagReason] = mapped_column(enum_column_type(FlagReason))
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    flagger_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


labels.register({
    Channel.WEB: _l("Website"),
    Channel.PAPER: _l("Paper form"),
    Channel.WORKSHOP: _l("Workshop"),
    Channel.PHONE: _l("Phone call"),
    Channel.SMS: _l("Text message"),
    Channel.EMAIL: _l("Email"),
    Channel.WHATSAPP: _l("WhatsApp"),
    SubmissionStatus.PENDING: _l("Waiting for moderation"),
    SubmissionStatus.PUBLISHED: _l("Published"),
    SubmissionStatus.HIDDEN: _l("Hidden by a moderator"),
    SubmissionStatus.WITHDRAWN: _l("Withdrawn by its author"),
})
