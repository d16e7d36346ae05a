"""Sub-themes: the topics inside a large theme, recomputed with every run.

A sub-theme belongs to one theme; an idea's sub-theme in a run is on its membership. Like a
theme, a sub-theme keeps its id across runs while its ideas mostly stay, so the name a
facilitator gives it survives re-runs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.base import Base, utcnow
from consult.core.scoping import OrganisationScoped


class Subtheme(OrganisationScoped, Base):
    __tablename__ = "subtheme"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"),
                                          index=True)
    created_by_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("clustering_run.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    names: Mapped[dict] = mapped_column(JSON, default=dict)  # language → name
    named_by_facilitator: Mapped[bool] = mapped_column(default=False)
    representative_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="SET NULL"))
    examples: Mapped[list[int]] = mapped_column(JSON, default=list)  # submission ids
    retired_at: Mapped[datetime | None]  # the current run no longer has it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    theme = relationship("Theme")
    representative = relationship("Submission")
