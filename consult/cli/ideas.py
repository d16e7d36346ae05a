"""`consult import-csv` and `consult cluster-csv`: ideas from a spreadsheet."""

from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from consult.cli.common import consultation_or_fail, fail
from consult.extensions import db


@click.command("cluster-csv")
@click.argument("input_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--text-column", required=True, help="Column holding the idea text.")
@click.option("--id-column", default=None, help="Column holding an id (default: row number).")
@click.option("--k", type=click.IntRange(min=1), default=None,
              help="Number of themes (default: chosen from the data).")
@click.option("--model", default=None,
              help="Embedding model (default: CONSULT_EMBEDDING_MODEL, else auto).")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="CSV file to write.")
def cluster_csv_command(input_path, text_column, id_column, k, model, out_path) -> None:
    """Group the ideas of any CSV file into themes, without the web app or a database."""
    from consult.nlp.csv_clustering import CsvColumnError, cluster_csv
    from consult.nlp.embed import EmbeddingModelError

    try:
        summaries = cluster_csv(
            input_path, text_column, id_column, k=k, model=model, out_path=out_path
        )
    except CsvColumnError as error:
        raise click.UsageError(str(error)) from error  # exit code 2
    except EmbeddingModelError as error:
        raise click.ClickException(str(error)) from error  # exit code 1
    for summary in summaries:
        click.echo(str(summary))


@click.command("import-csv")
@click.argument("consultation_id", type=int)
@click.argument("file", type=click.File("rb"))
@click.option("--text-column", required=True, help="Name of the column with the ideas.")
@click.option("--title-column")
@click.option("--area-column")
@click.option("--language-column")
@click.option("--channel-column")
@click.option("--date-column", help="Column with the date received (default: today).")
@click.option("--question-column", help="Column with the question number (1, 2…).")
@click.option("--source-id-column", help="Column with each idea's id in the source: a "
              "re-import skips the ideas already imported.")
@click.option("--original-date-column", help="Column with the date each idea was written.")
@click.option("--email-column", help="Column with the resident's email (kept private).")
@click.option("--good-rows", is_flag=True,
              help="Import the good rows and report the others (default: all or nothing).")
@click.option("--channel", default="paper", show_default=True,
              type=click.Choice(["paper", "workshop", "phone", "sms", "email", "whatsapp"]))
@click.option("--entered-by", "entered_by", metavar="EMAIL",
              help="Account recorded as entering the ideas (default: the first admin).")
@with_appcontext
def import_csv(consultation_id: int, file, text_column: str, title_column: str | None,
               area_column: str | None, language_column: str | None,
               channel_column: str | None, date_column: str | None,
               question_column: str | None, source_id_column: str | None,
               original_date_column: str | None, email_column: str | None, good_rows: bool,
               channel: str, entered_by: str | None) -> None:
    """Import ideas collected offline from a CSV file: all rows or none if any is wrong, or
    with --good-rows the good ones. Rows whose source id was imported before are skipped."""
    from consult.core.errors import ConsultError
    from consult.ideas import import_files, intake
    from consult.ideas.models import Channel

    consultation = consultation_or_fail(consultation_id)
    columns = intake.CsvColumns(text_column, title_column, area_column, language_column,
                                channel_column, date_column, question_column,
                                source_id_column, original_date_column, email_column)
    try:
        actor = intake.intake_account(db.session, entered_by)
        record = import_files.keep_upload(db.session, actor, consultation,
                                          os.path.basename(file.name),
                                          file.read(intake.MAX_BYTES + 1), intake.MAX_BYTES)
        report = intake.run_import(db.session, actor, record, columns, Channel(channel),
                                   all_or_nothing=not good_rows)
    except intake.CsvRowsInvalid as error:
        db.session.rollback()
        for row in error.errors:
            click.echo(f"line {row.line}: {row.reason}", err=True)
        fail(error.message)
    except ConsultError as error:
        db.session.rollback()
        fail(error.message)
    db.session.commit()
    for row in report.refused:
        click.echo(f"line {row.line}: {row.reason}", err=True)
    click.echo(f"Imported {len(report.created)} ideas into consultation {consultation_id} "
               f"(import {record.id}); {len(report.already_imported)} imported before, "
               f"{len(report.refused)} refused.")
