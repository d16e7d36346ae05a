"""Organisations on one installation: creating one with its first administrator, its host
names, and removing the demo."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.base import Base
from consult.core.errors import Conflict, ConsultError
from consult.core.organisation import Organisation, OrganisationHost
from consult.core.tenancy import current_organisation_id, use_organisation
from consult.core.user import RoleName, User

# A host name as a browser sends it: letters, digits, hyphens and dots, or an IP address.
HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
                  r"(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
NAME_MAX = 200


def slug_of(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "organisation"


def _unique_slug(session: Session, name: str) -> str:
    base = slug_of(name)
    taken = set(session.scalars(select(Organisation.slug).where(
        Organisation.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def checked_host(session: Session, host: str) -> str:
    """`host` in lower case, once it is a host name no other organisation answers on."""
    host = host.strip().lower().rstrip(".")
    if not HOST.match(host):
        raise ConsultError(_l("“%(host)s” is not a host name, such as consult.example.org.",
                              host=host))
    if session.scalar(select(OrganisationHost).where(OrganisationHost.host == host)):
        raise Conflict(_l("Another organisation already answers on %(host)s.", host=host))
    return host


def create_organisation(session: Session, name: str, admin_email: str, admin_password: str,
                        hosts: list[str] = (), locale: str = "en",
                        is_demo: bool = False) -> tuple[Organisation, User]:
    """A new organisation answering on `hosts`, with its first administrator.

    The session then acts for the new organisation (its account and events are its own).
    """
    from consult.accounts.users import create_user

    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ConsultError(_l("Give the organisation a name of at most %(n)s characters.",
                              n=NAME_MAX))
    checked = [checked_host(session, host) for host in hosts]
    organisation = Organisation(name=name, slug=_unique_slug(session, name),
                                default_locale=locale, is_demo=is_demo,
                                hosts=[OrganisationHost(host=host) for host in checked])
    session.add(organisation)
    session.flush()
    use_organisation(session, organisation.id)
    admin = create_user(session, admin_email, admin_password, [RoleName.ADMIN.value])
    events.record(session, admin, "organisation.created", organisation,
                  {"hosts": checked, "demo": is_demo})
    return organisation, admin


def add_host(session: Session, actor: User | None, organisation: Organisation,
             host: str) -> OrganisationHost:
    added = OrganisationHost(organisation=organisation, host=checked_host(session, host))
    session.add(added)
    events.record(session, actor, "organisation.host_added", organisation, {"host": added.host})
    return added


def by_slug(session: Session, slug: str) -> Organisation:
    organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        raise ConsultError(_l("No organisation is called %(slug)s.", slug=slug))
    return organisation


def only_organisation(session: Session) -> Organisation:
    """The installation's organisation when it has exactly one (for commands)."""
    found = session.scalars(select(Organisation).limit(2)).all()
    if len(found) != 1:
        raise ConsultError(_l("This installation has %(n)s organisations: name one with "
                              "--organisation.", n=len(found)))
    return found[0]


def remove_organisation(session: Session, organisation: Organisation) -> int:
    """Delete the organisation and every row of it (its accounts and its event chain too);
    returns how many rows went. Only for the demo: a real organisation's record is kept."""
    if not organisation.is_demo:
        raise ConsultError(_l("Only the demo can be removed; a real organisation's record "
                              "is kept."))
    removed, organisation_id = 0, organisation.id
    for table in reversed(Base.metadata.sorted_tables):  # children before their parents
        statement = _delete_rows_of(table, organisation_id)
        if statement is not None:
            removed += session.execute(statement).rowcount or 0
    session.expunge_all()  # what the session held of it is gone
    if current_organisation_id(session) == organisation_id:
        use_organisation(session, None)
    return removed


def _delete_rows_of(table, organisation_id: int):
    """DELETE of one organisation's rows of `table` (directly, or through the first scoped
    table it refers to); None for the tables of the whole installation (roles, the cache)."""
    if table.name == "organisation":
        return table.delete().where(table.c.id == organisation_id)
    if "organisation_id" in table.c:
        return table.delete().where(table.c.organisation_id == organisation_id)
    for foreign_key in table.foreign_keys:
        parent = foreign_key.column.table
        if "organisation_id" in parent.c:
            owned = select(parent.c.id).where(parent.c.organisation_id == organisation_id)
            return table.delete().where(foreign_key.parent.in_(owned))
    return None
