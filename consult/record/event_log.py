"""Reading the event log page by page, newest first, for monitors and the team."""

from __future__ import annotations

import math

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.core.event import Event
from consult.ideas.listing import Page

PER_PAGE = 50


def newest_first(session: Session, page: int = 1) -> Page:
    """One page of events, the latest first; a page number past the end gives the last page."""
    total = session.scalar(select(func.count(Event.id))) or 0
    page = min(max(1, page), max(1, math.ceil(total / PER_PAGE)))
    items = session.scalars(select(Event).order_by(Event.id.desc())
                            .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return Page(items=list(items), total=total, page=page, per_page=PER_PAGE)
