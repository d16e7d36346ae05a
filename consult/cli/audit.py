"""`consult audit`: check the event log's hash chain, in the database or in a downloaded
record, against the latest hash a plan's page publishes."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from consult.cli.common import act_for, fail, organisation_option
from consult.extensions import db


@click.group("audit")
def audit_group() -> None:
    """Check the event log."""


def _hash_option(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise click.BadParameter("a SHA-256 hash is 64 hexadecimal characters, as the plan's "
                                 "page shows it")
    return value


@audit_group.command("verify")
@click.argument("record", required=False, type=click.File("r", encoding="utf-8"))
@click.option("--expect", metavar="HASH", callback=_hash_option,
              help="The latest hash published on the plan's page: the chain must reach it.")
@organisation_option
@with_appcontext
def audit_verify(record, expect: str | None, organisation_slug: str | None) -> None:
    """Check an organisation's event log hash chain: the database's, or a downloaded RECORD
    file (JSON lines), and print its last hash. Exit 1 at the first broken row, or when no
    event has the --expect hash (the record was cut short or replaced)."""
    from consult.core.events import verify_chain
    from consult.record.download import MalformedRecord, verify_lines

    try:
        report = (verify_lines(record, expect) if record else
                  verify_chain(db.session, act_for(organisation_slug), expect))
    except MalformedRecord as error:
        fail(str(error), 1)
    if not report.ok:
        fail(f"event {report.broken_id}: {report.reason} "
             f"({report.checked} earlier events are intact)", 1)
    if expect and report.expected_id is None:
        fail(f"no event has the expected hash {expect}: the record ends after "
             f"{report.checked} events with the hash {report.last_hash}, so it was cut short "
             f"or replaced", 1)
    click.echo(f"Event log intact: {report.checked} events verified.")
    click.echo(f"Last hash: {report.last_hash}")
    if expect:
        click.echo(f"The expected hash is event {report.expected_id}'s: nothing before it "
                   f"was changed or removed.")
