"""`consult opinion-groups`: groups from a Pol.is export, without the web app or database."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from consult.cli.opinions import opinion_groups_command

BREXIT = Path(__file__).parents[1] / "data" / "polis" / "brexit-consensus"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_opinion_groups_writes_one_row_per_grouped_participant(tmp_path):
    out = tmp_path / "groups.csv"
    result = CliRunner().invoke(opinion_groups_command, [
        str(BREXIT / "participants-votes.csv"), "--out", str(out),
        "--comments", str(BREXIT / "comments.csv")])
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert list(rows[0]) == ["participant", "group_id"]
    assert len(rows) == 189  # the participants with at least 7 votes
    assert len({row["participant"] for row in rows}) == 189
    sizes = [sum(row["group_id"] == str(group) for row in rows) for group in (0, 1)]
    assert sizes[0] >= sizes[1] > 0 and sum(sizes) == 189
    assert result.output.splitlines() == [
        f"Group 0: {sizes[0]} participants", f"Group 1: {sizes[1]} participants",
        "Left out: 15 participants with fewer than 7 votes"]


def test_opinion_groups_minimum_and_seed_are_options(tmp_path):
    out = tmp_path / "groups.csv"
    arguments = [str(BREXIT / "participants-votes.csv"), "--out", str(out), "--seed", "3"]
    result = CliRunner().invoke(opinion_groups_command, [*arguments, "--min-votes", "40"])
    assert result.exit_code == 0, result.output
    enough = sum(int(row["n-votes"]) >= 40 for row in read_csv(BREXIT / "participants-votes.csv"))
    assert 0 < enough < 204
    assert f"Left out: {204 - enough} participants with fewer than 40 votes" in result.output
    assert len(read_csv(out)) == enough


def test_opinion_groups_says_why_there_are_no_groups(tmp_path):
    votes = tmp_path / "votes.csv"
    votes.write_text("participant,0,1,2,3,4,5,6,7\na,1,1,,,,,,\nb,-1,1,,,,,,\n", encoding="utf-8")
    out = tmp_path / "groups.csv"
    result = CliRunner().invoke(opinion_groups_command, [str(votes), "--out", str(out)])
    assert result.exit_code == 0
    assert "No groups: Nobody has voted on at least 7 ideas yet." in result.output
    assert "Left out: 2 participants" in result.output
    assert out.read_text(encoding="utf-8").splitlines() == ["participant,group_id"]


def test_opinion_groups_bad_file_is_a_usage_error(tmp_path):
    votes = tmp_path / "votes.csv"
    votes.write_text("participant,group-id,0\na,0,yes\n", encoding="utf-8")
    out = tmp_path / "groups.csv"
    result = CliRunner().invoke(opinion_groups_command, [str(votes), "--out", str(out)])
    assert result.exit_code == 2
    assert "votes.csv, line 2: the vote 'yes' on comment 0" in result.output
    assert not out.exists()
