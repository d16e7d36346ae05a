"""`consult worker` and `consult digests`: the background jobs."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from consult.cli.common import fail
from consult.extensions import db


@click.command("worker")
@click.option("--workers", default=1, show_default=True, help="Jobs run at the same time.")
@with_appcontext
def worker(workers: int) -> None:
    """Run background jobs (clustering, embedding) until stopped with Ctrl-C."""
    from consult import jobs

    click.echo(f"Consult worker: {jobs.backend_name()} queue, {workers} at a time.")
    jobs.run_worker(workers)


@click.group("digests")
def digests_group() -> None:
    """Residents' daily digests of news about their ideas."""


@digests_group.command("send")
@with_appcontext
def digests_send() -> None:
    """Send each resident one mail with the news about their ideas waiting since the last
    run, and each staff member what waits for them (once a day), for cron; `consult worker`
    also sends them daily at CONSULT_DIGEST_HOUR. Exit 1 when
    no digest could be delivered; what failed is kept and retried at the next run."""
    from huey.exceptions import TaskLockedException

    from consult.accounts import staff_digest
    from consult.jobs.tasks import DIGEST_LOCK
    from consult.responses import digests

    try:
        with DIGEST_LOCK:
            report = digests.send_digests(db.session)
            staff = staff_digest.send_all(db.session, digests.link_builder)
    except TaskLockedException:
        fail("digests are being sent by another process; nothing done", 1)
    click.echo(f"Sent {report.mails} digest(s) holding {report.notices} notice(s); "
               f"{report.failed} address(es) will be retried at the next run. "
               f"Staff: {staff} mail(s) of what waits for them.")
    if report.failed and not report.mails:
        fail("no digest could be delivered (is the mail server reachable?)", 1)
