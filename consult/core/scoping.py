"""Rows that belong to one organisation.

Every table whose rows belong to an organisation carries its `organisation_id`, even where a
parent row would tell (a submission's consultation): a request then reads its organisation's
rows by one indexed column, whatever the query (see consult.core.tenancy).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class OrganisationScoped:
    """Mixin: the row's organisation. Set by consult.core.tenancy when a new row is flushed."""

    @declared_attr
    def organisation_id(cls) -> Mapped[int]:  # noqa: N805 - SQLAlchemy's declared_attr
        return mapped_column(ForeignKey("organisation.id"), index=True)
