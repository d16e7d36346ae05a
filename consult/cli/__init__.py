"""The `consult` command: Flask's CLI group for the app, plus the project's commands, one
module per group."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from consult.config import ConfigError


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


def init_app(app: Flask) -> None:
    from consult.cli import (
        assembly,
        audit,
        channels,
        demo,
        ideas,
        jobs,
        opinions,
        organisations,
        platforms,
        polis,
        record,
        users,
    )

    for command in (users.users_group, audit.audit_group, demo.demo, ideas.cluster_csv_command,
                    ideas.import_csv, jobs.worker, record.export, assembly.assembly_group,
                    jobs.digests_group, organisations.organisations_group, organisations.setup,
                    opinions.opinion_groups_command, polis.import_polis, polis.export_polis,
                    platforms.import_decidim, platforms.import_consul,
                    channels.sms_simulate):
        app.cli.add_command(command)
