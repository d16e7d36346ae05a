"""`consult export`: the open data of an organisation, as a file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from consult.cli.common import for_organisation
from consult.extensions import db


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), required=True)
@click.argument("out", type=click.Path(path_type=Path))
@with_appcontext
@for_organisation
def export(fmt: str, out: Path) -> None:
    """Write an organisation's open data: one JSON file, or a folder OUT with one CSV file per
    table, as it is read from the database (the same memory however many ideas there are)."""
    from consult.record import open_data

    written = open_data.write(db.session, out, fmt)
    click.echo(f"Wrote {len(written)} file(s) to {out}.")
