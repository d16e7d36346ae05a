"""Which organisation a request is for: the one whose host name it was sent to.

An installation with a single organisation that names no host answers on any host the site
trusts (a laptop in a workshop, reached by its address on the local network). As soon as
there are several, each answers on its own host names only, and any other host gets a
plain 404 that names no organisation. On an empty installation every page leads to the
first-run setup (consult.organisations.setup_routes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import Flask, abort, g, redirect, request, url_for
from sqlalchemy import Select, bindparam, exists, func, select
from sqlalchemy.orm import Session

from consult.core.organisation import Organisation, OrganisationHost
from consult.core.tenancy import use_organisation
from consult.extensions import db

# Pages of the installation, not of an organisation: answered whatever the host.
INSTALLATION = frozenset({"static", "main.healthz", "site.favicon"})
# Pages that work before any organisation exists.
WITHOUT_ORGANISATION = INSTALLATION | {"setup.first_run"}


def host_name(host: str) -> str:
    """`host` without its port, in lower case."""
    if host.startswith("["):  # an IPv6 address
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0].lower() if ":" in host else host.lower()


def installation_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count(Organisation.id)))


@dataclass(frozen=True)
class Site:
    """What pages show of the request's organisation, read once when the request starts: a
    plain value, so an error page can still be drawn after a rollback or a lost database."""

    id: int
    name: str
    slug: str
    attribution: str | None
    is_demo: bool
    colour: str
    logo_hash: str | None
    locales: tuple[str, ...]
    default_locale: str
    pages: tuple[str, ...]  # the footer's pages it wrote (privacy, accessibility, terms)


_SITE_COLUMNS = (Organisation.id, Organisation.name, Organisation.slug, Organisation.attribution,
                 Organisation.is_demo, Organisation.colour, Organisation.logo_hash,
                 Organisation.locales, Organisation.default_locale, Organisation.pages)


@cache
def _site_statement() -> Select:
    """The organisation answering on the host `:host`: the one naming it, else the only
    organisation if it names no host.

    Built once; one plain statement per request, without the ORM: the organisation is read
    on every request, so that a change made anywhere shows on the next page load.
    """
    hosts = OrganisationHost.organisation_id == Organisation.id
    named = exists().where(hosts, OrganisationHost.host == bindparam("host")).label("named")
    only_one = select(func.count(Organisation.id)).scalar_subquery() == 1
    return (select(*_SITE_COLUMNS, named)
            .where(named | (only_one & ~exists().where(hosts)))
            .order_by(named.desc()).limit(1))


def site_for_host(session: Session, host: str) -> Site | None:
    """The organisation answering on `host`; with one organisation naming no host, that one."""
    row = session.connection().execute(_site_statement(), {"host": host_name(host)}).first()
    if row is None:
        return None
    return Site(row.id, row.name, row.slug, row.attribution, row.is_demo, row.colour,
                row.logo_hash, tuple(row.locales or ()), row.default_locale,
                tuple(row.pages or {}))


def current_site() -> Site:
    """The organisation of this request (set before any view runs)."""
    return g.organisation


def current_organisation(session: Session) -> Organisation:
    """The request's organisation as a row of `session` (to change its settings)."""
    return session.get(Organisation, g.organisation.id)


def _choose_organisation():
    if request.endpoint in INSTALLATION:
        g.organisation = None
        return None
    site = g.organisation = site_for_host(db.session, request.host)
    if site is not None:
        use_organisation(db.session, site.id)
        return None
    if request.endpoint in WITHOUT_ORGANISATION:
        return None
    if installation_is_empty(db.session):
        return redirect(url_for("setup.first_run"))
    abort(404)


def init_app(app: Flask) -> None:
    # First of all: what any other step (sign-in, rate limits, the locale) reads is scoped.
    app.before_request_funcs.setdefault(None, []).insert(0, _choose_organisation)
