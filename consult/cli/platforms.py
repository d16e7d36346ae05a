"""`consult import-decidim` and `consult import-consul`: ideas from other platforms."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from consult.cli.common import consultation_or_fail, fail, for_organisation
from consult.extensions import db


def _import_command(name: str):
    """The arguments and options both imports take: a consultation, files, a fallback
    language and a dry run."""

    def decorate(command):
        for option in (
                for_organisation, with_appcontext,
                click.option("--dry-run", is_flag=True,
                             help="Report what would be imported; write nothing."),
                click.option("--language", default="en", show_default=True,
                             help="Language of the texts when it cannot be detected."),
                click.argument("files", nargs=-1, required=True,
                               type=click.Path(exists=True, dir_okay=False)),
                click.argument("consultation_id", type=int)):
            command = option(command)
        return click.command(name)(command)

    return decorate


@_import_command("import-decidim")
def import_decidim(consultation_id: int, files: tuple[str, ...], language: str,
                   dry_run: bool) -> None:
    """Import Decidim's open data files (proposals, then their comments; CSV or JSON) into a
    consultation, keeping Decidim's ids. Importing them again adds only what is new."""
    from consult.ideas.platforms.decidim import read_decidim

    _run(consultation_id, files, "decidim", lambda path: read_decidim(path, language),
         language, dry_run)


@_import_command("import-consul")
def import_consul(consultation_id: int, files: tuple[str, ...], language: str,
                  dry_run: bool) -> None:
    """Import CONSUL's proposals, debates and comments (its API's JSON or CSV) into a
    consultation, keeping CONSUL's ids. Importing them again adds only what is new."""
    from consult.ideas.platforms.consul import read_consul

    _run(consultation_id, files, "consul", read_consul, language, dry_run)


def _run(consultation_id: int, files: tuple[str, ...], platform: str, read, language: str,
         dry_run: bool) -> None:
    from consult.ideas.platforms.importing import import_foreign
    from consult.ideas.platforms.records import PlatformFileError

    consultation = consultation_or_fail(consultation_id)
    try:
        ideas = [idea for path in files for idea in read(path)]
    except PlatformFileError as error:
        fail(error)
    report = import_foreign(db.session, None, consultation, ideas, platform, language,
                            dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(f"{'Would import' if dry_run else 'Imported'} {report.added} ideas "
               f"({report.replies} of them comments, {report.withdrawn} withdrawn); "
               f"{report.found} imported before, {report.empty} without text left out.")
