"""`consult opinion-groups`: opinion groups from a Pol.is vote export, without the web app."""

from __future__ import annotations

import click


@click.command("opinion-groups")
@click.argument("votes_path", metavar="PARTICIPANTS_VOTES.csv",
                type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="CSV file to write: participant,group_id.")
@click.option("--min-votes", type=click.IntRange(min=1), default=7, show_default=True,
              help="Votes a participant needs to be placed in a group.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the clustering: the same votes and seed give the same groups.")
@click.option("--comments", "comments_path", type=click.Path(exists=True, dir_okay=False),
              help="The conversation's comments.csv: statements rejected by moderation or "
                   "marked meta are set aside, as Pol.is does.")
def opinion_groups_command(votes_path, out_path, min_votes, seed, comments_path) -> None:
    """Group the participants of a Pol.is participants-votes.csv file by how they voted.

    Writes one row per participant placed in a group (groups numbered from 0, the
    largest), then prints each group's size and how many were left out.
    """
    from consult.core.csv_files import SafeWriter
    from consult.opinions.groups import opinion_groups
    from consult.opinions.polis_files import PolisFileError, read_comments, read_votes

    try:
        matrix = read_votes(votes_path)
        set_aside = [comment.comment_id for comment in read_comments(comments_path)
                     if comment.set_aside] if comments_path else []
    except PolisFileError as error:
        raise click.UsageError(str(error)) from error  # exit code 2
    result = opinion_groups(matrix, min_votes=min_votes, seed=seed, set_aside=set_aside)
    with open(out_path, "w", encoding="utf-8", newline="") as handle:
        writer = SafeWriter(handle)
        writer.writerow(["participant", "group_id"])
        writer.writerows(zip(result.participants, result.labels.tolist(), strict=True))
    if result.reason:
        click.echo(f"No groups: {result.reason}")
    for group, size in enumerate(result.sizes):
        click.echo(f"Group {group}: {size} participants")
    threshold = result.parameters["threshold"]
    click.echo(f"Left out: {result.excluded} participants with fewer than {threshold} votes")
