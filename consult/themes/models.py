"""Clustering runs, the themes they produce, and the facilitator's curation.

A run computes its themes aside and swaps them in at the end: the memberships of the
current run are what everyone sees. Facilitator decisions are facts stored apart from
any run (theme names, locks and merges on `theme`; placements, duplicates and
set-asides on `idea_curation`), so every re-run applies them again.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core import labels
from consult.core.base import Base, enum_column_type, utcnow
from consult.core.scoping import OrganisationScoped
from consult.themes.subtheme_model import Subtheme  # noqa: F401 - membership.subtheme_id's table


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ClusteringRun(OrganisationScoped, Base):
    """One clustering of a consultation's ideas, with its published method."""

    __tablename__ = "clustering_run"
    __table_args__ = (Index("ix_clustering_run_consultation_status", "consultation_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE")
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    status: Mapped[RunStatus] = mapped_column(enum_column_type(RunStatus), default=RunStatus.QUEUED)
    # True for the one run whose themes are shown; switched in the run's last transaction.
    current: Mapped[bool] = mapped_column(default=False)
    requested_themes: Mapped[int | None]  # None: chosen from the data
    detailed: Mapped[bool] = mapped_column(default=False)  # more themes, when chosen
    seed: Mapped[int] = mapped_column(default=0)
    model: Mapped[str | None] = mapped_column(String(200))  # name@version of the embedder
    algorithm: Mapped[str | None] = mapped_column(String(200))
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    stage: Mapped[str] = mapped_column(String(20), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    ideas_in: Mapped[int] = mapped_column(default=0)
    themes_out: Mapped[int] = mapped_column(default=0)
    unsorted_out: Mapped[int] = mapped_column(default=0)
    kept: Mapped[dict] = mapped_column(JSON, default=dict)  # decisions honoured, by kind
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # against the previous run
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    consultation = relationship("Consultation")
    requested_by = relationship("User")

    @property
    def in_progress(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class Theme(OrganisationScoped, Base):
    """A theme; its id is its stable key across runs, so names, merges and links stay."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    created_by_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("clustering_run.id", ondelete="SET NULL")
    )
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    names: Mapped[dict] = mapped_column(JSON, default=dict)  # language → name, when several
    named_by_facilitator: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    # A merged theme points at the theme it became; links to it follow the merge.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"))
    representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="SET NULL")
    )
    examples: Mapped[list[int]] = mapped_column(JSON, default=list)  # submission ids
    # Set when the current run no longer has this theme (merged, emptied, replaced).
    retired_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation = relationship("Consultation")
    merged_into = relationship("Theme", remote_side=[id])
    representative = relationship("Submission")

    @property
    def is_live(self) -> bool:
        return self.retired_at is None


class MembershipSource(StrEnum):
    AUTO = "auto"  # placed by the clustering
    FACILITATOR = "facilitator"  # placed by a facilitator (pin, move, merge, split)


class ThemeMembership(OrganisationScoped, Base):
    """Where one idea sits in one run; theme None means no theme fitted it."""

    __tablename__ = "theme_membership"
    __table_args__ = (
        UniqueConstraint("run_id", "submission_id"),
        Index("ix_theme_membership_run_theme", "run_id", "theme_id", "submission_id",
              "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("clustering_run.id", ondelete="CASCADE"))
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"))
    subtheme_id: Mapped[int | None] = mapped_column(ForeignKey("subtheme.id"), index=True)
    source: Mapped[MembershipSource] = mapped_column(
        enum_column_type(MembershipSource), default=MembershipSource.AUTO
    )

    theme = relationship("Theme")
    submission = relationship("Submission")


class IdeaCuration(OrganisationScoped, Base):
    """The facilitator's decisions about one idea, kept across runs."""

    __tablename__ = "idea_curation"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True
    )
    # The theme a facilitator placed the idea in (pin, move, merge or split).
    placed_in_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"))
    pinned: Mapped[bool] = mapped_column(default=False)  # placed explicitly, shown as pinned
    # The sub-theme a facilitator moved the idea to, within its theme (consult.themes.subthemes).
    placed_in_subtheme_id: Mapped[int | None] = mapped_column(ForeignKey("subtheme.id"))
    # Folded under this idea in lists; both stay, with their authors and supports.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="SET NULL")
    )
    set_aside: Mapped[bool] = mapped_column(default=False)  # off-topic: left out of themes


class CurationKind(StrEnum):
    RENAME = "rename"
    MERGE = "merge"
    SPLIT = "split"
    MOVE = "move"
    PIN = "pin"
    LOCK = "lock"
    DUPLICATE = "duplicate"
    SET_ASIDE = "set_aside"


class CurationAction(OrganisationScoped, Base):
    """One curation step, with what it changed so the last one can be undone."""

    __tablename__ = "curation_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int] = mapped_column(ForeignKey("clustering_run.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[CurationKind] = mapped_column(enum_column_type(CurationKind))
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # what was asked, for the record
    before: Mapped[dict] = mapped_column(JSON, default=dict)  # the rows it changed, as they were
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None]

    actor = relationship("User")


labels.register({
    RunStatus.QUEUED: _l("Waiting for a worker"),
    RunStatus.RUNNING: _l("Running"),
    RunStatus.SUCCEEDED: _l("Finished"),
    RunStatus.FAILED: _l("Failed"),
    CurationKind.RENAME: _l("Rename"),
    CurationKind.MERGE: _l("Merge"),
    CurationKind.SPLIT: _l("Split"),
    CurationKind.MOVE: _l("Move an idea"),
    CurationKind.PIN: _l("Pin an idea"),
    CurationKind.LOCK: _l("Lock"),
    CurationKind.DUPLICATE: _l("Mark duplicates"),
    CurationKind.SET_ASIDE: _l("Set aside"),
})
