"""`consult users`: accounts made and mended from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from consult.cli.common import fail, for_organisation
from consult.extensions import db


@click.group("users")
def users_group() -> None:
    """Manage accounts."""


@users_group.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, help="resident, facilitator, "
              "official, monitor or admin (repeatable)")
@with_appcontext
@for_organisation
def users_create(email: str, roles: tuple[str, ...]) -> None:
    """Create an account; the password is asked for, or read from standard input."""
    from consult.accounts import users
    from consult.core.errors import ConsultError

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = users.create_user(db.session, email, password, list(roles))
    except ConsultError as error:
        db.session.rollback()
        fail(error.message)
    db.session.commit()
    click.echo(f"Created account {user.id} with roles: {', '.join(roles)}")


@users_group.command("reset-two-factor")
@click.argument("email")
@with_appcontext
@for_organisation
def users_reset_two_factor(email: str) -> None:
    """Turn two-step sign-in off for an account that lost its phone and its recovery codes;
    its sessions end. A staff account sets up a new app at its next sign-in."""
    from consult.accounts import security as account_security
    from consult.accounts import users

    user = users.find_by_email(db.session, email)
    if user is None:
        fail("no account has this email address")
    account_security.reset_two_factor(db.session, user)
    db.session.commit()
    click.echo(f"Two-step sign-in reset for account {user.id}; its sessions were ended.")
