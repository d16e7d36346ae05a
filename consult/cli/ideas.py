"""`consult import-csv` and `consult cluster-csv`: ideas from a spreadsheet."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from consult.cli.common import fail
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
@click.option("--date-column")
@click.option("--question-column", help="Column with the question number (1, 2…).")
@click.option("--channel", default="paper", show_default=True,
              type=click.Choice(["paper", "workshop", "phone", "sms", "email"]))
@click.option("--entered-by", "entered_by", metavar="EMAIL",
              help="Account recorded as entering the ideas (default: the first admin).")
@with_appcontext
def import_csv(consultation_id: int, file, text_column: str, title_column: str | None,
               area_column: str | None, language_column: str | None,
               channel_column: str | None, date_column: str | None,
               question_column: str | None, channel: str, entered_by: str | None) -> None:
    """Import ideas collected offline from a CSV file: all rows, or none if any is wrong."""
    from consult.consultations.models import Consultation
    from consult.core.errors import ConsultError
    from consult.ideas import intake
    from consult.ideas.models import Channel

    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        fail(f"no consultation {consultation_id}")
    columns = intake.CsvColumns(text_column, title_column, area_column, language_column,
                                channel_column, date_column, question_column)
    try:
        created = intake.import_csv(db.session, intake.intake_account(db.session, entered_by),
                                    consultation, file.read(intake.MAX_BYTES + 1), columns,
                                    Channel(channel))
    except intake.CsvRowsInvalid as error:
        db.session.rollback()
        for row in error.errors:
            click.echo(f"line {row.line}: {row.reason}", err=True)
        fail(error.message)
    except ConsultError as error:
        db.session.rollback()
        fail(error.message)
    db.session.commit()
    click.echo(f"Imported {len(created)} ideas into consultation {consultation_id}.")
