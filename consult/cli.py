"""The `consult` command: Flask's CLI group for the app, plus the project's commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from consult.cli_organisations import for_organisation
from consult.config import ConfigError
from consult.extensions import db


def _create_app():
    from consult import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def cli() -> None:
    """Consult: participatory consultations for open-government action plans."""


def main() -> None:
    """Console entry point; a configuration error is one clear line and exit code 1."""
    try:
        cli.main(prog_name="consult")
    except ConfigError as error:
        click.echo(f"Configuration error: {error}", err=True)
        sys.exit(1)


def _fail(message: object, code: int = 2) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


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
    from consult.services.errors import ConsultError

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = users.create_user(db.session, email, password, list(roles))
    except ConsultError as error:
        db.session.rollback()
        _fail(error.message)
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
        _fail("no account has this email address")
    account_security.reset_two_factor(db.session, user)
    db.session.commit()
    click.echo(f"Two-step sign-in reset for account {user.id}; its sessions were ended.")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), required=True)
@click.argument("out", type=click.Path(path_type=Path))
@with_appcontext
@for_organisation
def export(fmt: str, out: Path) -> None:
    """Write an organisation's open data: one JSON file, or a folder OUT with one CSV file per
    table."""
    from consult.record import open_data

    written = open_data.write(open_data.collect(db.session), out, fmt)
    click.echo(f"Wrote {len(written)} file(s) to {out}.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the installation has no organisation.")
@click.option("--themes/--without-themes", default=True, show_default=True,
              help="Group the ideas into themes (loads the embedding model).")
@click.option("--remove", is_flag=True, help="Remove the demo organisation instead: all its "
              "consultations, accounts and records.")
@with_appcontext
def demo(if_empty: bool, themes: bool, remove: bool) -> None:
    """Load the demo organisation, accounts and consultations (idempotent); with themes, also
    an action plan, a citizens' assembly, the first answers and the plan's progress."""
    if remove:
        _remove_demo()
        return
    from consult.demo.answers import answer_demo
    from consult.demo.assembly import create_demo_assembly
    from consult.demo.loader import is_database_empty, load_demo
    from consult.demo.plan import draft_demo_plan
    from consult.demo.themes import cluster_demo
    from consult.models import Consultation

    if if_empty and not is_database_empty(db.session):
        click.echo("The database already has data; demo not loaded.")
        return
    report = load_demo(db.session)
    db.session.commit()
    if not report.created:
        click.echo("The demo is already loaded.")
        return
    click.echo(f"Demo loaded: {report.submissions} ideas. Accounts (email / password):")
    for email, password in report.accounts.items():
        click.echo(f"  {email} / {password}")
    if themes:
        click.echo("Grouping the ideas into themes (the embedding model loads once)...")
        run = cluster_demo(db.session, db.session.get(Consultation, report.consultation_id))
        click.echo(f"Themes: {run.themes_out} themes from {run.ideas_in} ideas.")
        plan = draft_demo_plan(db.session, db.session.get(Consultation, report.consultation_id))
        click.echo(f"Action plan: {len(plan.commitments)} commitments drafted from the themes.")
        click.echo("Drawing the citizens' assembly from 300 volunteers...")
        round_ = create_demo_assembly(db.session, plan)
        click.echo(f"Citizens' assembly: {round_.assembly.size} members drawn, round "
                   f"{round_.number} closed and published.")
        answered = answer_demo(db.session, db.session.get(Consultation, report.consultation_id),
                               plan)
        db.session.commit()
        click.echo(f"Answers: {answered.answered} ideas answered ({len(answered.themes)} themes "
                   f"at once, {answered.ideas} ideas one by one, {answered.corrections} "
                   f"corrected), {answered.unanswered} waiting; plan adopted, "
                   f"{answered.progress_updates} progress updates, {answered.assessments} "
                   f"assessment published.")


def _remove_demo() -> None:
    from consult.demo.loader import demo_organisation
    from consult.services.organisations import remove_organisation

    organisation = demo_organisation(db.session)
    if organisation is None:
        click.echo("There is no demo to remove.")
        return
    name, rows = organisation.name, remove_organisation(db.session, organisation)
    db.session.commit()
    click.echo(f"Removed the demo ({name}): {rows} rows, its accounts included.")


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
    from consult.ideas import intake
    from consult.models import Channel, Consultation
    from consult.services.errors import ConsultError

    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        _fail(f"no consultation {consultation_id}")
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
        _fail(error.message)
    except ConsultError as error:
        db.session.rollback()
        _fail(error.message)
    db.session.commit()
    click.echo(f"Imported {len(created)} ideas into consultation {consultation_id}.")


@click.command("worker")
@click.option("--workers", default=1, show_default=True, help="Jobs run at the same time.")
@with_appcontext
def worker(workers: int) -> None:
    """Run background jobs (clustering, embedding) until stopped with Ctrl-C."""
    from consult import jobs

    click.echo(f"Consult worker: {jobs.backend_name()} queue, {workers} at a time.")
    jobs.run_worker(workers)


@click.group("assembly")
def assembly_group() -> None:
    """Citizens' assembly lotteries on plain files."""


@assembly_group.command("draw")
@click.option("--pool", "pool_file", required=True, type=click.File("r", encoding="utf-8-sig"),
              help="CSV: an id column and one column per category.")
@click.option("--quotas", "quotas_file", required=True,
              type=click.File("r", encoding="utf-8-sig"), help="CSV: category,value,min,max.")
@click.option("--size", required=True, type=int, help="Seats to fill.")
@click.option("--seed", required=True, type=int, help="The published seed (1 to 2147483647).")
@click.option("--out", "out_file", required=True, type=click.File("w", encoding="utf-8"),
              help="Where to write the selected rows of the pool.")
@with_appcontext
def assembly_draw(pool_file, quotas_file, size: int, seed: int, out_file) -> None:
    """Draw a panel that meets every quota; the same inputs and seed give the same panel.
    Exits with code 2, naming the quota, when the quotas cannot be met."""
    import csv

    from consult.sortition import selection

    try:
        people, categories = selection.read_pool_csv(pool_file.read())
        outcome = selection.draw(people, categories, selection.read_quotas_csv(quotas_file.read()),
                                 size, seed)
    except selection.SelectionProblem as problem:
        _fail(problem.message)
    rows = {person[selection.ID_COLUMN]: person for person in people}
    writer = csv.DictWriter(out_file, fieldnames=[selection.ID_COLUMN, *categories],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows[person] for person in outcome.selected)
    digest = selection.sha256(selection.pool_csv(people, categories))
    click.echo(f"Selected {len(outcome.selected)} of {len(people)} with {outcome.algorithm}, "
               f"seed {seed}. Pool SHA-256 {digest}. "
               f"Selection probability from {outcome.min_probability:.4f} "
               f"to {outcome.max_probability:.4f}.")


@click.group("digests")
def digests_group() -> None:
    """Residents' daily digests of news about their ideas."""


@digests_group.command("send")
@with_appcontext
def digests_send() -> None:
    """Send each resident one mail with the news about their ideas waiting since the last
    run (for cron; `consult worker` also sends them daily at CONSULT_DIGEST_HOUR). Exit 1 when
    no digest could be delivered; what failed is kept and retried at the next run."""
    from huey.exceptions import TaskLockedException

    from consult.jobs.tasks import DIGEST_LOCK
    from consult.responses import digests

    try:
        with DIGEST_LOCK:
            report = digests.send_digests(db.session)
    except TaskLockedException:
        _fail("digests are being sent by another process; nothing done", 1)
    click.echo(f"Sent {report.mails} digest(s) holding {report.notices} notice(s); "
               f"{report.failed} address(es) will be retried at the next run.")
    if report.failed and not report.mails:
        _fail("no digest could be delivered (is the mail server reachable?)", 1)


def init_app(app: Flask) -> None:
    from consult.cli_audit import audit_group
    from consult.cli_organisations import organisations_group, setup

    for command in (users_group, audit_group, demo, cluster_csv_command, import_csv, worker,
                    export, assembly_group, digests_group, organisations_group, setup):
        app.cli.add_command(command)


if __name__ == "__main__":
    main()
