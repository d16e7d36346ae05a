"""Background jobs as the database knows them: waiting to be queued, and failed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.base import Base, utcnow


class OutboxJob(Base):
    """A job to queue, written in the transaction of the change that needs it.

    Committed with the change or not at all; sent to the queue after the commit, and again by
    the worker's relay while the queue was unreachable, until `sent_at` is set.
    """

    __tablename__ = "job_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(100))
    args: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class FailedJob(Base):
    """A job that failed on its last attempt, shown to staff until someone runs it again."""

    __tablename__ = "job_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation whose data the job worked on; none for a job of the whole installation
    # (the residents' digest), which every organisation's staff see.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"),
                                                        index=True)
    task: Mapped[str] = mapped_column(String(100))
    args: Mapped[list] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class WorkerHeartbeat(Base):
    """A `consult worker` process as last seen: staff see whether background jobs run."""

    __tablename__ = "worker_heartbeat"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)  # host name and process id
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
