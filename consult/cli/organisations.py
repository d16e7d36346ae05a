"""`consult setup` and `consult organisations`: the organisations of an installation, and the
`--organisation` option of the commands that act for one."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from consult.cli.common import fail
from consult.extensions import db


def _password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@click.command("setup")
@click.option("--name", required=True, help="The organisation's name, as residents know it.")
@click.option("--admin", "admin_email", required=True, metavar="EMAIL",
              help="The first administrator's email address.")
@click.option("--locale", default="en", show_default=True, help="The site's main language.")
@with_appcontext
def setup(name: str, admin_email: str, locale: str) -> None:
    """First run: create the organisation and its first administrator on an empty
    installation; the password is asked for, or read from standard input."""
    from consult.core.errors import ConsultError
    from consult.organisations import services as organisations
    from consult.web.organisations import installation_is_empty

    if not installation_is_empty(db.session):
        fail("this installation is already set up; add another organisation with "
              "consult organisations create")
    _create(organisations, ConsultError, name, admin_email, [], locale)


@click.group("organisations")
def organisations_group() -> None:
    """The organisations of this installation, each on its own host names."""


@organisations_group.command("create")
@click.argument("name")
@click.option("--host", "hosts", multiple=True, required=True,
              help="A host name it answers on, e.g. consult.city-a.example (repeatable).")
@click.option("--admin", "admin_email", required=True, metavar="EMAIL",
              help="Its first administrator's email address.")
@click.option("--locale", default="en", show_default=True, help="Its site's main language.")
@with_appcontext
def organisations_create(name: str, hosts: tuple[str, ...], admin_email: str,
                         locale: str) -> None:
    """Create an organisation NAME with its first administrator; the password is asked for,
    or read from standard input."""
    from consult.core.errors import ConsultError
    from consult.organisations import services as organisations

    _create(organisations, ConsultError, name, admin_email, list(hosts), locale)


def _create(organisations, error_class, name, admin_email, hosts, locale) -> None:
    password = _password()
    try:
        organisation, admin = organisations.create_organisation(
            db.session, name, admin_email, password, hosts, locale)
    except error_class as error:
        db.session.rollback()
        fail(error.message)
    db.session.commit()
    where = ", ".join(hosts) or "any host name (the only organisation)"
    click.echo(f"Created {organisation.name} ({organisation.slug}) on {where}, "
               f"administrator {admin.email}.")


@organisations_group.command("list")
@with_appcontext
def organisations_list() -> None:
    """Each organisation: its short name, name and host names."""
    from sqlalchemy import select

    from consult.core.organisation import Organisation

    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        hosts = ", ".join(host.host for host in organisation.hosts) or "(any host)"
        demo = " [demo]" if organisation.is_demo else ""
        click.echo(f"{organisation.slug}\t{organisation.name}{demo}\t{hosts}")


@organisations_group.command("add-host")
@click.argument("slug")
@click.argument("host")
@with_appcontext
def organisations_add_host(slug: str, host: str) -> None:
    """Let organisation SLUG answer on HOST too."""
    from consult.core.errors import ConsultError
    from consult.organisations import services as organisations

    try:
        organisation = organisations.by_slug(db.session, slug)
        organisations.add_host(db.session, None, organisation, host)
    except ConsultError as error:
        db.session.rollback()
        fail(error.message)
    db.session.commit()
    click.echo(f"{organisation.name} answers on {host.strip().lower()} too.")
