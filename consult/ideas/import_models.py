"""An import of ideas from a CSV file: the file as uploaded, how its columns were mapped, and
what became of it (imported, undone)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.base import Base, utcnow
from consult.core.scoping import OrganisationScoped


class IdeaImport(OrganisationScoped, Base):
    """One uploaded file. Kept after the import, so the refused rows can be downloaded exactly
    as they were uploaded; a facilitator has at most one upload waiting to be mapped per
    consultation (a new upload replaces it)."""

    __tablename__ = "idea_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    mapping: Mapped[dict | None] = mapped_column(JSON)  # field name → column name
    all_or_nothing: Mapped[bool] = mapped_column(default=True)
    imported_count: Mapped[int] = mapped_column(default=0)
    refused_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]
