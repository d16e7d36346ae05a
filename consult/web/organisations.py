"""Which organisation a request is for: the one whose host name it was sent to.

An installation with a single organisation that names no host answers on any host the site
trusts (a laptop in a workshop, reached by its address on the local network). As soon as
there are several, each answers on its own host names only, and any other host gets a
plain 404 that names no organisation. On an empty installation every page leads to the
first-run setup (consult.organisations.setup_routes).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, g, redirect, request, url_for
from sqlalchemy import func, select
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


def organisation_for_host(session: Session, host: str) -> Organisation | None:
    """The organisation answering on `host`; with one organisation naming no host, that one."""
    found = session.scalar(select(Organisation).join(OrganisationHost)
                           .where(OrganisationHost.host == host_name(host)))
    if found is not None:
        return found
    only = session.execute(select(Organisation).limit(2)).scalars().all()
    if len(only) == 1 and not only[0].hosts:
        return only[0]
    return None


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

    @classmethod
    def of(cls, organisation: Organisation) -> Site:
        return cls(organisation.id, organisation.name, organisation.slug,
                   organisation.attribution, organisation.is_demo, organisation.colour,
                   organisation.logo_hash, tuple(organisation.locales or ()),
                   organisation.default_locale, tuple(organisation.pages or {}))


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
    organisation = organisation_for_host(db.session, request.host)
    g.organisation = Site.of(organisation) if organisation is not None else None
    if organisation is not None:
        use_organisation(db.session, organisation.id)
        return None
    if request.endpoint in WITHOUT_ORGANISATION:
        return None
    if installation_is_empty(db.session):
        return redirect(url_for("setup.first_run"))
    abort(404)


def init_app(app: Flask) -> None:
    # First of all: what any other step (sign-in, rate limits, the locale) reads is scoped.
    app.before_request_funcs.setdefault(None, []).insert(0, _choose_organisation)
