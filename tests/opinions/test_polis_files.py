"""Reading and writing Pol.is export files: a real conversation, separators, clear errors."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from consult.opinions.polis_files import (
    PolisComment,
    PolisFileError,
    VoteMatrix,
    read_comments,
    read_votes,
    write_comments,
    write_votes,
)

BREXIT = Path(__file__).parents[1] / "data" / "polis" / "brexit-consensus"


@pytest.fixture
def votes_path() -> Path:
    return BREXIT / "participants-votes.csv"


@pytest.fixture
def comments_path() -> Path:
    return BREXIT / "comments.csv"


def file_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]], separator: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=separator).writerows(rows)
    return path


def test_read_votes_reads_a_real_polis_export(votes_path):
    matrix = read_votes(votes_path)
    assert len(matrix.participants) == 204 and matrix.participants[:3] == ["0", "1", "2"]
    assert matrix.statements == [str(n) for n in range(50)]
    assert matrix.votes.shape == (204, 50)
    assert set(np.unique(matrix.votes[~np.isnan(matrix.votes)])) == {-1.0, 0.0, 1.0}
    assert len(matrix.polis_groups) == 197 and set(matrix.polis_groups.values()) == {0, 1}
    rows = file_rows(votes_path)[1:]
    assert matrix.votes_cast().tolist() == [int(row[3]) for row in rows]  # n-votes
    assert [(matrix.votes[n] == 1).sum() for n in range(204)] == [int(row[4]) for row in rows]
    assert np.isnan(matrix.votes[1, 30]) and matrix.votes[1, 0] == -1


def test_read_comments_reads_a_real_polis_export(comments_path):
    comments = read_comments(comments_path)
    assert len(comments) == 50
    first = comments[0]
    assert (first.comment_id, first.author_id, first.agrees, first.disagrees) == ("36", "0", 38, 7)
    assert first.moderated == 1 and not first.set_aside
    assert first.created_at == datetime(2017, 7, 17, 9, 10, 15, 559000, tzinfo=UTC)
    assert first.body.startswith("Opposition to Brexit as a whole")


@pytest.mark.parametrize("separator", [";", "\t"])
def test_read_votes_reads_semicolon_and_tab_separated_files(tmp_path, votes_path, separator):
    variant = write_rows(tmp_path / "votes.csv", file_rows(votes_path), separator)
    original, read = read_votes(votes_path), read_votes(variant)
    assert read.participants == original.participants
    assert read.statements == original.statements
    assert np.array_equal(read.votes, original.votes, equal_nan=True)
    assert read.polis_groups == original.polis_groups


def test_read_votes_accepts_a_byte_order_mark_and_a_missing_group_column(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("\ufeffparticipant;n-votes;7;12\na;2;1;-1\nb;1;;0\n", encoding="utf-8")
    matrix = read_votes(path)
    assert matrix.statements == ["7", "12"] and matrix.polis_groups == {}
    assert np.array_equal(matrix.votes, [[1, -1], [np.nan, 0]], equal_nan=True)


@pytest.mark.parametrize(("header", "missing"), [
    (["person", "group-id", "0", "1"], "participant"),
    (["participant", "group-id", "n-votes"], "a comment id"),
])
def test_read_votes_names_the_missing_columns(tmp_path, header, missing):
    path = write_rows(tmp_path / "export.csv", [header, ["1"] * len(header)])
    with pytest.raises(PolisFileError, match=missing) as error:
        read_votes(path)
    assert "export.csv" in str(error.value) and "line 1" in str(error.value)


def test_read_votes_refuses_a_vote_that_is_not_one_of_polis_values(tmp_path):
    path = write_rows(tmp_path / "votes.csv", [
        ["participant", "group-id", "0", "1"], ["a", "0", "1", "-1"], ["b", "1", "2", ""]])
    with pytest.raises(PolisFileError) as error:
        read_votes(path)
    message = str(error.value)
    assert message.startswith("votes.csv, line 3:")
    assert "'2'" in message and "comment 0" in message and "-1 (disagree)" in message


def test_read_votes_refuses_a_group_that_is_not_a_number(tmp_path):
    path = write_rows(tmp_path / "votes.csv", [["participant", "group-id", "0"], ["a", "x", "1"]])
    with pytest.raises(PolisFileError, match="line 2: group-id 'x' is not a whole number"):
        read_votes(path)


def test_read_votes_refuses_a_participant_twice(tmp_path):
    path = write_rows(tmp_path / "votes.csv", [["participant", "0"], ["a", "1"], ["a", "-1"]])
    with pytest.raises(PolisFileError, match="line 3: participant a appears twice"):
        read_votes(path)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_read_votes_and_comments_refuse_an_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    for read in (read_votes, read_comments):
        with pytest.raises(PolisFileError, match="empty.csv is empty"):
            read(path)


def test_read_votes_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_bytes("participant,0\nRené,1\n".encode("latin-1"))
    with pytest.raises(PolisFileError, match="votes.csv is not UTF-8 text"):
        read_votes(path)


def test_read_comments_needs_the_id_and_body_and_defaults_the_rest(tmp_path):
    path = write_rows(tmp_path / "comments.csv", [["comment-id", "comment-body"], ["4", "Trams"]])
    assert read_comments(path) == [PolisComment("4", "", "Trams")]
    bad = write_rows(tmp_path / "bad.csv", [["comment-id", "text"], ["4", "Trams"]])
    with pytest.raises(PolisFileError, match="bad.csv lacks the column comment-body"):
        read_comments(bad)


def test_write_votes_then_read_votes_gives_the_same_matrix(tmp_path, votes_path):
    original = read_votes(votes_path)
    copy = tmp_path / "copy.csv"
    write_votes(copy, original)
    read = read_votes(copy)
    assert read.participants == original.participants
    assert np.array_equal(read.votes, original.votes, equal_nan=True)
    assert read.polis_groups == original.polis_groups
    summaries = [row[:2] + row[3:6] for row in file_rows(copy)]
    assert summaries == [row[:2] + row[3:6] for row in file_rows(votes_path)]
    first = file_rows(copy)[1]  # n-comments is not known from votes: written as 0
    assert first[:6] == ["0", "1", "0", "50", "24", "3"]


def test_write_votes_to_a_stream_with_groups_and_comments_written():
    matrix = VoteMatrix(["a", "b"], ["3", "8"], np.array([[1, np.nan], [0, -1]]))
    stream = io.StringIO()
    write_votes(stream, matrix, groups={"b": 1}, comments_written={"a": 2})
    assert stream.getvalue().splitlines() == [
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,3,8",
        "a,,2,1,1,0,1,",
        "b,1,0,2,0,1,0,-1",
    ]


def test_write_votes_refuses_statement_ids_polis_cannot_read():
    matrix = VoteMatrix(["a"], ["idea-1"], np.array([[1.0]]))
    with pytest.raises(ValueError, match="'idea-1' is not a whole number"):
        write_votes(io.StringIO(), matrix)


def test_write_comments_then_read_comments_gives_the_same_comments(tmp_path, comments_path):
    original = read_comments(comments_path) + [
        PolisComment("99", "7", "Off topic", moderated=-1, is_meta=True),
        PolisComment("100", "8", 'Line one\nline two, "quoted"', created_at=datetime(
            2024, 5, 1, 12, 0, 0, 250000, tzinfo=UTC)),
    ]
    copy = tmp_path / "comments.csv"
    write_comments(copy, original)
    assert read_comments(copy) == original
    assert file_rows(copy)[1][1] == "Mon Jul 17 09:10:15 UTC 2017"
