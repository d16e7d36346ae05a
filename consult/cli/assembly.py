"""`consult assembly draw`: a draw from files, without the web pages."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from consult.cli.common import fail


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
        fail(problem.message)
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
