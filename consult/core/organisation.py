"""The organisation (a local government) that runs consultations, and its host names.

One installation serves one or several organisations; each answers on its own host names
(consult.web.organisations) and sees only its own rows (consult.core.tenancy).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.base import Base, utcnow

DEFAULT_COLOUR = "#0b6e4f"


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    default_locale: Mapped[str] = mapped_column(String(10), default="en")
    # The interface languages offered to readers; empty: every language the site has.
    locales: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # Credit for content the organisation republishes (shown in every page footer).
    attribution: Mapped[str | None] = mapped_column(Text)
    # A second official reviews each answer before it is published.
    review_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Defaults of new consultations and plans; each consultation and plan may set its own.
    response_days: Mapped[int] = mapped_column(default=60, server_default="60")
    max_commitments: Mapped[int] = mapped_column(default=5, server_default="5")
    # The offices that owe answers, offered on each consultation's form.
    offices: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # The brand: a colour of enough contrast on white, and a logo (PNG, JPEG or WebP).
    colour: Mapped[str] = mapped_column(String(7), default=DEFAULT_COLOUR,
                                        server_default=DEFAULT_COLOUR)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(String(20))
    logo_hash: Mapped[str | None] = mapped_column(String(64))  # its URL changes with it
    # Pages every site needs, in Markdown per language: {"privacy": {"en": "...", ...}, ...}
    pages: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    # Loaded by `consult demo`: shown with a banner, removed by `consult demo --remove`.
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    hosts: Mapped[list[OrganisationHost]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="OrganisationHost.id")


class OrganisationHost(Base):
    """A host name an organisation answers on, e.g. consult.city-a.example."""

    __tablename__ = "organisation_host"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    host: Mapped[str] = mapped_column(String(253), unique=True)

    organisation: Mapped[Organisation] = relationship(back_populates="hosts")
