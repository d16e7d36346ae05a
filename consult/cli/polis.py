"""`consult import-polis` and `consult export-polis`: Pol.is conversations in and out."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from consult.cli.common import consultation_or_fail, fail, for_organisation
from consult.extensions import db


@click.command("import-polis")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.argument("consultation_id", type=int)
@click.option("--language", default="en", show_default=True,
              help="Language of the statements when it cannot be detected.")
@click.option("--groups/--no-groups", default=True, show_default=True,
              help="Compute the opinion groups once the votes are in.")
@with_appcontext
@for_organisation
def import_polis(folder: str, consultation_id: int, language: str, groups: bool) -> None:
    """Import a Pol.is export (comments.csv, participants-votes.csv) into a consultation,
    keeping Pol.is's ids and moderation. Importing it again adds only what is new."""
    from consult.opinions import computing
    from consult.opinions.polis_files import PolisFileError
    from consult.opinions.polis_import import export_files
    from consult.opinions.polis_import import import_polis as run_import
    from consult.opinions.results import no_groups_message

    consultation = consultation_or_fail(consultation_id)
    try:
        report = run_import(db.session, None, consultation, export_files(folder),
                            Path(folder).name, language=language)
    except PolisFileError as error:
        db.session.rollback()
        fail(error)
    db.session.commit()
    click.echo(f"Imported {report.ideas_added} ideas ({report.ideas_found} imported before) and "
               f"{report.votes_added} votes of {report.participants} participants.")
    if groups and computing.vote_count(db.session, consultation):
        run = computing.request_run(db.session, None, consultation)
        db.session.commit()
        computing.execute_run(db.session, run.id)
        run = db.session.get(type(run), run.id)
        click.echo(no_groups_message(run) or f"Opinion groups: {run.groups_out} groups of "
                   f"{run.participants_in} participants ({run.participants_out} with too few "
                   "votes).")


@click.command("export-polis")
@click.argument("consultation_id", type=int)
@click.option("--out", "folder", required=True, type=click.Path(file_okay=False),
              help="Folder to write comments.csv and participants-votes.csv into.")
@with_appcontext
@for_organisation
def export_polis(consultation_id: int, folder: str) -> None:
    """Write a consultation's ideas and votes in Pol.is's export format."""
    from consult.opinions.polis_export import export_polis as run_export

    participants = run_export(db.session, consultation_or_fail(consultation_id), folder)
    click.echo(f"Wrote comments.csv and participants-votes.csv ({participants} participants) "
               f"to {folder}.")
