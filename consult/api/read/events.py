"""The event log: every state change, hash-chained, as the downloadable record has it."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.api.operations import read
from consult.api.pagination import Listing
from consult.api.read import public
from consult.api.schemas.record import EventSchema
from consult.core.errors import NotFound
from consult.core.event import Event
from consult.extensions import db

bp = Blueprint("events", __name__)


@bp.get("/events")
@read(EventSchema, _l("The event log"),
      _l("The organisation's record, oldest first: each row carries the hash of the one before, "
         "so a copy can be checked as the downloadable record is. Public once an action plan "
         "is published."), paged=True, since=_l("occurred_at"))
def index() -> Listing:
    if not public.record_is_public(db.session):
        raise NotFound(_l("The record is published with the first action plan."))
    return Listing(select(Event), Event.id, Event.occurred_at)
