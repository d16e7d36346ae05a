"""The volunteer pool as facilitators read it: a page at a time, counted by the database."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.assemblies.models import Assembly, Volunteer
from consult.ideas.listing import Page

POOL_PAGE = 100  # volunteers per page of the pool


def pool_page(session: Session, assembly: Assembly, number: int = 1) -> Page:
    """Page `number` of the assembly's volunteers, in the order they joined the pool."""
    in_pool = select(Volunteer).where(Volunteer.assembly_id == assembly.id)
    total = session.scalar(select(func.count()).select_from(in_pool.subquery())) or 0
    number = min(number, max(1, -(-total // POOL_PAGE)))
    items = list(session.scalars(in_pool.order_by(Volunteer.id)
                                 .offset((number - 1) * POOL_PAGE).limit(POOL_PAGE)))
    return Page(items, total, number, POOL_PAGE)
