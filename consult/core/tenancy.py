"""One installation, several organisations: what a request reads is its organisation's alone.

A request's organisation comes from its host name (consult.web.organisations) and is kept in
its database session's `info`. Every ORM SELECT in that session then gets
`organisation_id = <it>` for each scoped model it touches (SQLAlchemy's
`with_loader_criteria`, relationship loads included), so no view, service, template or
export can reach another organisation's rows, not even by id: they simply do not exist.

New rows take the organisation of the row they belong to (a submission its consultation's),
or else the session's. Jobs and commands run without one: they act on the ids they were
given, and what they create follows its parent.
"""

from __future__ import annotations

from functools import cache, lru_cache

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.orm.interfaces import MANYTOONE
from sqlalchemy.orm.util import LoaderCriteriaOption

from consult.core.scoping import OrganisationScoped

ORGANISATION = "consult_organisation_id"


class NoOrganisation(RuntimeError):
    """A new row that belongs to no organisation: a programming error, never a visitor's."""


def use_organisation(session: Session, organisation_id: int | None) -> None:
    """From now on `session` reads (and creates) the rows of this organisation only."""
    if organisation_id is None:
        session.info.pop(ORGANISATION, None)
    else:
        session.info[ORGANISATION] = organisation_id


def current_organisation_id(session: Session) -> int | None:
    return session.info.get(ORGANISATION)


@lru_cache(maxsize=256)
def _criteria(organisation_id: int) -> LoaderCriteriaOption:
    # Built once per organisation, not at every query.
    return with_loader_criteria(OrganisationScoped,
                                lambda cls: cls.organisation_id == organisation_id,
                                include_aliases=True)


@event.listens_for(Session, "do_orm_execute")
def _only_this_organisation(state: ORMExecuteState) -> None:
    organisation_id = state.session.info.get(ORGANISATION)
    if organisation_id is None or not state.is_select:
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the criteria travel with the statement that loaded the parent rows
    state.statement = state.statement.options(_criteria(organisation_id))


@event.listens_for(Session, "before_flush")
def _new_rows_take_their_organisation(session: Session, _context, _instances) -> None:
    for row in session.new:
        if isinstance(row, OrganisationScoped) and row.organisation_id is None:
            row.organisation_id = organisation_of(session, row)


@cache
def _scoped_classes() -> dict[str, type]:
    """Scoped model classes by table name."""
    from consult.core.base import Base

    return {mapper.local_table.name: mapper.class_ for mapper in Base.registry.mappers
            if issubclass(mapper.class_, OrganisationScoped)}


def organisation_of(session: Session, row: object) -> int:
    """The organisation `row` belongs to: its own, its parent's, or the session's."""
    own = getattr(row, "organisation_id", None)
    if own is not None:
        return own
    mapper = inspect(row).mapper
    for relationship in mapper.relationships:
        if relationship.direction is MANYTOONE and issubclass(relationship.mapper.class_,
                                                              OrganisationScoped):
            parent = getattr(row, relationship.key)
            if parent is not None:
                return organisation_of(session, parent)
    for foreign_key in mapper.local_table.foreign_keys:  # a key set without its relationship
        parent_class = _scoped_classes().get(foreign_key.column.table.name)
        value = getattr(row, mapper.get_property_by_column(foreign_key.parent).key, None)
        if parent_class is not None and value is not None:
            parent = session.get(parent_class, value)
            if parent is not None:
                return organisation_of(session, parent)
    if (organisation_id := session.info.get(ORGANISATION)) is not None:
        return organisation_id
    raise NoOrganisation(f"a new {type(row).__name__} belongs to no organisation")
