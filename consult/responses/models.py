"""Official responses: answers to ideas and themes, reviewed, published and never silently
changed; the residents' mail about them; progress on commitments and independent assessments.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, utcnow
from consult.core.scoping import OrganisationScoped


class ResponseStatus(StrEnum):
    """What the organisation says of an idea or theme."""

    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    UNDER_CONSIDERATION = "under_consideration"
    NOT_ACCEPTED = "not_accepted"
    ALREADY_IN_PLACE = "already_in_place"


class ResponseState(StrEnum):
    """Where an answer is on its way to the public."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"  # waiting for a second official, where the organisation asks one
    PUBLISHED = "published"
    SUPERSEDED = "superseded"  # a published answer that a correction replaced; still shown


response_commitments = Table(
    "response_commitment",
    Base.metadata,
    Column("response_id", ForeignKey("response.id", ondelete="CASCADE"), primary_key=True),
    Column("commitment_id", ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True),
)


class Response(OrganisationScoped, Base):
    """An official answer to one idea or one theme.

    Answering a theme gives each idea of the theme its own row (`from_theme_id` names the
    theme's answer), so every idea stays answered one by one; an idea may then get an answer of
    its own on top. A published answer is never edited: a correction is a new version
    (`corrects_id`) and the old one stays visible as superseded.
    """

    __tablename__ = "response"
    __table_args__ = (
        Index("ix_response_submission", "submission_id", "state"),
        Index("ix_response_theme", "theme_id", "state"),
        Index("ix_response_standing", "consultation_id", "state", "organisation_id",
              "submission_id", "from_theme_id", "published_at", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE")
    )
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    from_theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("response.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[ResponseStatus] = mapped_column(enum_column_type(ResponseStatus))
    state: Mapped[ResponseState] = mapped_column(
        enum_column_type(ResponseState), default=ResponseState.DRAFT
    )
    text: Mapped[str] = mapped_column(Text, default="")  # the answer and its justification
    office: Mapped[str] = mapped_column(String(200), default="")  # who answers for it
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    # The answer in the site's other languages, by officials: {"es": "…"}.
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    # Why a reviewer sent the answer back to its drafter; for officials, never published.
    review_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]  # sent for review
    published_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime | None]

    consultation = relationship("Consultation")
    submission = relationship("Submission")
    theme = relationship("Theme")
    from_theme: Mapped[Response | None] = relationship(
        remote_side=[id], foreign_keys=[from_theme_id]
    )
    corrects: Mapped[Response | None] = relationship(remote_side=[id], foreign_keys=[corrects_id])
    commitments = relationship("Commitment", secondary=response_commitments,
                               order_by="Commitment.position")
    drafted_by = relationship("User", foreign_keys=[drafted_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])

    @property
    def is_published(self) -> bool:
        return self.state is ResponseState.PUBLISHED


class NoticeKind(StrEnum):
    ANSWERED = "answered"  # an idea got a published answer
    FED_COMMITMENT = "fed_commitment"  # an idea feeds a published commitment
    CONSULTATION_NEWS = "consultation_news"  # news of a followed consultation
    COMMITMENT_NEWS = "commitment_news"  # news of a followed commitment


class Notice(OrganisationScoped, Base):
    """One thing to tell a resident, waiting for their daily digest. A notice leaves the queue
    only when the mail server took the digest holding it; a refusal is retried later.

    News about an idea names the idea (`submission_id`); news for a follower names the follow
    (`follow_id`) and, as `ref_id`, the event that recorded the news."""

    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_pending", "sent_at", "email"),
        UniqueConstraint("email", "kind", "submission_id", "ref_id", name="uq_notice_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(10), default="en")
    kind: Mapped[NoticeKind] = mapped_column(enum_column_type(NoticeKind))
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"))
    follow_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow.id", ondelete="CASCADE"), index=True)
    ref_id: Mapped[int] = mapped_column()  # the response, the commitment or the event
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    submission = relationship("Submission")
    follow = relationship("Follow")


class MailOptOut(OrganisationScoped, Base):
    """An address that asked for no more mail from this organisation (one-click unsubscribe)."""

    __tablename__ = "mail_opt_out"
    __table_args__ = (UniqueConstraint("organisation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


labels.register({
    ResponseStatus.ACCEPTED: _l("Accepted"),
    ResponseStatus.PARTLY_ACCEPTED: _l("Partly accepted"),
    ResponseStatus.UNDER_CONSIDERATION: _l("Under consideration"),
    ResponseStatus.NOT_ACCEPTED: _l("Not accepted"),
    ResponseStatus.ALREADY_IN_PLACE: _l("Already in place"),
    ResponseState.DRAFT: _l("Draft"),
    ResponseState.IN_REVIEW: _l("Waiting for review"),
    ResponseState.PUBLISHED: _l("Published"),
    ResponseState.SUPERSEDED: _l("Corrected since"),
})
