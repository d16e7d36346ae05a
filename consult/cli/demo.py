"""`consult demo`: load the demonstration organisation, or remove it."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from consult.extensions import db


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
    from consult.consultations.models import Consultation
    from consult.demo.answers import answer_demo
    from consult.demo.assembly import create_demo_assembly
    from consult.demo.loader import is_database_empty, load_demo
    from consult.demo.opinions import vote_demo
    from consult.demo.pairwise import compare_demo
    from consult.demo.plan import draft_demo_plan
    from consult.demo.themes import cluster_demo

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
        click.echo("Importing the conversation's votes and finding its opinion groups...")
        votes, opinions = vote_demo(db.session, db.session.get(Consultation,
                                                               report.consultation_id))
        click.echo(f"Opinion groups: {opinions.groups_out} groups of {opinions.participants_in} "
                   f"participants, from {votes.votes_added} votes.")
        compared = compare_demo(db.session, db.session.get(Consultation, report.consultation_id))
        click.echo(f"Pairwise question: {compared.answers} answers from {compared.residents} "
                   f"simulated residents on {len(compared.known)} themes, results published.")
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
    from consult.organisations.services import remove_organisation

    organisation = demo_organisation(db.session)
    if organisation is None:
        click.echo("There is no demo to remove.")
        return
    name, rows = organisation.name, remove_organisation(db.session, organisation)
    db.session.commit()
    click.echo(f"Removed the demo ({name}): {rows} rows, its accounts included.")
