"""What the commands share: a clear error and exit code, and `--organisation`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps

import click

from consult.extensions import db


def fail(message: object, code: int = 2) -> None:
    """Print `message` as the command's error and exit with `code` (2: a bad argument)."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


organisation_option = click.option(
    "--organisation", "organisation_slug", metavar="SLUG",
    help="The organisation to act for (its short name: consult organisations list); not "
         "needed when there is only one.")


def act_for(slug: str | None) -> int:
    """From now on the command reads and writes organisation `slug`'s rows only (the only
    organisation's when None); its id. Exits 2 with a message when there is no such one."""
    from consult.core.errors import ConsultError
    from consult.core.tenancy import use_organisation
    from consult.organisations import services as organisations

    try:
        organisation = (organisations.by_slug(db.session, slug) if slug
                        else organisations.only_organisation(db.session))
    except ConsultError as error:
        fail(error.message)
    use_organisation(db.session, organisation.id)
    return organisation.id


def for_organisation(command: Callable) -> Callable:
    """Give a command `--organisation SLUG` (optional with one organisation): the command then
    reads and writes that organisation's rows only."""

    @organisation_option
    @wraps(command)
    def wrapped(*args, organisation_slug: str | None = None, **kwargs):
        act_for(organisation_slug)
        return command(*args, **kwargs)

    return wrapped


def consultation_or_fail(consultation_id: int):
    """The consultation of that id (of the organisation acted for); exits 2 when none."""
    from consult.consultations.models import Consultation

    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        fail(f"no consultation {consultation_id}")
    return consultation
