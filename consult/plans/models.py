"""The action plan, its commitments (the OGP template), milestones, provenance and revisions;
the progress officials report and the assessments monitors publish."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, utcnow
from consult.core.scoping import OrganisationScoped


class PlanStatus(StrEnum):
    DRAFTING = "drafting"
    IN_DELIBERATION = "in_deliberation"
    ADOPTED = "adopted"
    IMPLEMENTING = "implementing"
    CLOSED = "closed"


class ActionPlan(OrganisationScoped, Base):
    """One consultation cycle's plan: a few commitments, answered for in public."""

    __tablename__ = "action_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    status: Mapped[PlanStatus] = mapped_column(
        enum_column_type(PlanStatus), default=PlanStatus.DRAFTING
    )
    max_commitments: Mapped[int] = mapped_column(default=5)  # the OGP Local rule
    published_at: Mapped[datetime | None]  # None: only facilitators see it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Adoption: the date, who signed it off, and the version signed (commitments as adopted).
    adopted_on: Mapped[date | None]
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    adopted_version: Mapped[dict | None] = mapped_column(JSON)
    adopted_sha256: Mapped[str | None] = mapped_column(String(64))

    consultation = relationship("Consultation")
    adopted_by = relationship("User", foreign_keys=[adopted_by_id])
    organisation = relationship("Organisation")
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="plan", order_by="Commitment.position"
    )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CommitmentStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


# The fields of the OGP commitment template, in the order the template gives them.
TEMPLATE_FIELDS = (
    "title", "problem", "status_quo", "action", "contribution", "relevance",
    "lead_institution", "supporting_government", "supporting_civil_society",
    "starts_on", "ends_on",
)


class Commitment(OrganisationScoped, Base):
    __tablename__ = "commitment"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"))
    position: Mapped[int]
    status: Mapped[CommitmentStatus] = mapped_column(
        enum_column_type(CommitmentStatus), default=CommitmentStatus.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text, default="")  # the problem it addresses
    status_quo: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")  # what the commitment will do
    contribution: Mapped[str] = mapped_column(Text, default="")  # how it helps solve it
    relevance: Mapped[str] = mapped_column(Text, default="")  # transparency, participation...
    lead_institution: Mapped[str] = mapped_column(String(200), default="")
    supporting_government: Mapped[str] = mapped_column(Text, default="")
    supporting_civil_society: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="commitments")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="commitment", order_by="Milestone.due_on, Milestone.id"
    )
    links: Mapped[list[ProvenanceLink]] = relationship(
        back_populates="commitment", order_by="ProvenanceLink.id",
        primaryjoin="and_(ProvenanceLink.commitment_id == Commitment.id, "
                    "ProvenanceLink.removed_at.is_(None))",
        viewonly=True,  # links are added and removed through the provenance service
    )
    revisions: Mapped[list[CommitmentRevision]] = relationship(
        back_populates="commitment", order_by="CommitmentRevision.number"
    )


class MilestoneStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    DELAYED = "delayed"


class Milestone(OrganisationScoped, Base):
    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date]
    responsible: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MilestoneStatus] = mapped_column(
        enum_column_type(MilestoneStatus), default=MilestoneStatus.NOT_STARTED
    )

    commitment: Mapped[Commitment] = relationship(back_populates="milestones")


class ProvenanceLink(OrganisationScoped, Base):
    """What a commitment came from: a theme, an idea, or an exact passage of an idea."""

    __tablename__ = "provenance_link"
    __table_args__ = (
        CheckConstraint("(theme_id IS NULL) <> (submission_id IS NULL)", name="one_target"),
        CheckConstraint("passage_start IS NULL OR (submission_id IS NOT NULL AND "
                        "passage_start >= 0 AND passage_end > passage_start)",
                        name="passage_in_an_idea"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    # A theme link follows merges (theme.merged_into) when it is read.
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    passage_start: Mapped[int | None]  # character offsets into the idea's text
    passage_end: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")  # how this input shaped the text
    # The idea's standing when it was linked, if it was common ground across the opinion
    # groups: {"run_id", "groups", "agree", "lowest", "votes"} (consult.opinions.citing).
    common_ground: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]  # links are never deleted, only removed from view

    commitment: Mapped[Commitment] = relationship()
    theme = relationship("Theme")
    submission = relationship("Submission")

    @property
    def passage(self) -> str | None:
        if self.passage_start is None or self.submission is None:
            return None
        return self.submission.text[self.passage_start:self.passage_end]


class CommitmentRevision(OrganisationScoped, Base):
    """One edit: who, when, why, and each field's old and new value."""

    __tablename__ = "commitment_revision"
    __table_args__ = (UniqueConstraint("commitment_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> [old, new]
    # Set when the revision carries an amendment the assembly made in a round.
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("assembly_round.id", ondelete="SET NULL"))

    commitment: Mapped[Commitment] = relationship(back_populates="revisions")
    author = relationship("User")
    round = relationship("Round")


class ProgressUpdate(OrganisationScoped, Base):
    """Progress on one milestone of a commitment, as an official reports it."""

    __tablename__ = "progress_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[MilestoneStatus] = mapped_column(enum_column_type(MilestoneStatus))
    on: Mapped[date]
    evidence_url: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    commitment = relationship("Commitment")
    milestone = relationship("Milestone")
    author = relationship("User")


class Completion(StrEnum):
    """OGP's completion scale."""

    NOT_STARTED = "not_started"
    LIMITED = "limited"
    SUBSTANTIAL = "substantial"
    COMPLETE = "complete"


class OpenedGovernment(StrEnum):
    """OGP's "Did it open government?" scale."""

    NO = "no"
    MARGINAL = "marginal"
    MAJOR = "major"
    OUTSTANDING = "outstanding"


class Assessment(OrganisationScoped, Base):
    """An independent monitor's published assessment of a commitment."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    monitor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    completion: Mapped[Completion] = mapped_column(enum_column_type(Completion))
    opened_government: Mapped[OpenedGovernment] = mapped_column(
        enum_column_type(OpenedGovernment)
    )
    text: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)  # links
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]

    commitment = relationship("Commitment")
    monitor = relationship("User")


labels.register({
    PlanStatus.DRAFTING: _l("Drafting"),
    PlanStatus.IN_DELIBERATION: _l("In deliberation"),
    PlanStatus.ADOPTED: _l("Adopted"),
    PlanStatus.IMPLEMENTING: _l("Being implemented"),
    PlanStatus.CLOSED: _l("Closed"),
    CommitmentStatus.DRAFT: _l("Draft"),
    CommitmentStatus.PUBLISHED: _l("Published"),
    MilestoneStatus.NOT_STARTED: _l("Not started"),
    MilestoneStatus.IN_PROGRESS: _l("In progress"),
    MilestoneStatus.COMPLETE: _l("Complete"),
    MilestoneStatus.DELAYED: _l("Delayed"),
    Completion.NOT_STARTED: _l("Not started"),
    Completion.LIMITED: _l("Limited"),
    Completion.SUBSTANTIAL: _l("Substantial"),
    Completion.COMPLETE: _l("Complete"),
    OpenedGovernment.NO: _l("No"),
    OpenedGovernment.MARGINAL: _l("Marginally"),
    OpenedGovernment.MAJOR: _l("Major"),
    OpenedGovernment.OUTSTANDING: _l("Outstanding"),
})
