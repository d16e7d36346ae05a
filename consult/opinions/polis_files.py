"""Pol.is export files read into plain data, and written back in the same format.

`participants-votes.csv`: one row per participant (`participant, group-id, n-comments,
n-votes, n-agree, n-disagree`), then one column per comment id with 1 agree, -1 disagree,
0 pass and empty for not seen. `comments.csv`: `timestamp, datetime, comment-id, author-id,
agrees, disagrees, moderated, comment-body` (newer exports add `is-meta`). Files separated by
commas, semicolons or tabs are read alike. No Flask, no database.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import numpy as np

from consult.core.csv_files import SafeWriter

SEPARATORS = ",;\t"
VOTE_VALUES = {1.0: 1.0, -1.0: -1.0, 0.0: 0.0}
PLAIN_VOTES = {"": math.nan, "1": 1.0, "-1": -1.0, "0": 0.0}
SUMMARY_COLUMNS = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
COMMENT_COLUMNS = ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees",
                   "moderated", "is-meta", "comment-body"]
TRUE_WORDS = {"true", "t", "1", "yes"}


class PolisFileError(ValueError):
    """A Pol.is export file that cannot be read; the message says which file and why."""


@dataclass
class VoteMatrix:
    """Who voted what: rows are participants, columns statements (Pol.is comment ids).

    `votes` holds 1 agree, -1 disagree, 0 pass and NaN not seen. `polis_groups` maps a
    participant to the opinion group Pol.is gave them, for those it grouped.
    """

    participants: list[str]
    statements: list[str]
    votes: np.ndarray
    polis_groups: dict[str, int] = field(default_factory=dict)

    def votes_cast(self) -> np.ndarray:
        """Number of statements each participant voted on (passes count)."""
        return (~np.isnan(self.votes)).sum(axis=1)


@dataclass(frozen=True)
class PolisComment:
    """One statement of a Pol.is conversation.

    `moderated` is 1 accepted, 0 not yet, -1 rejected; `is_meta` marks a statement about the
    conversation itself, which Pol.is leaves out of its groups as it does rejected ones.
    """

    comment_id: str
    author_id: str
    body: str
    moderated: int = 0
    created_at: datetime | None = None
    agrees: int = 0
    disagrees: int = 0
    is_meta: bool = False

    @property
    def set_aside(self) -> bool:
        """Whether Pol.is leaves the statement's votes out of its groups."""
        return self.moderated == -1 or self.is_meta


def read_votes(path: str | Path) -> VoteMatrix:
    """The vote matrix of a `participants-votes.csv` file; PolisFileError if it is unusable."""
    name = Path(path).name
    header, rows = _read_table(path, required=["participant"], wants_statements=True)
    statement_columns = [i for i, column in enumerate(header) if column.isdigit()]
    participant_column = header.index("participant")
    group_column = header.index("group-id") if "group-id" in header else None
    participants: list[str] = []
    groups: dict[str, int] = {}
    votes = np.full((len(rows), len(statement_columns)), np.nan)
    first_line: dict[str, int] = {}
    for row_index, (line, row) in enumerate(rows):
        participant = row[participant_column].strip()
        if not participant:
            raise PolisFileError(f"{name}, line {line}: the participant is empty.")
        if participant in first_line:
            raise PolisFileError(f"{name}, line {line}: participant {participant} appears "
                                 f"twice (first on line {first_line[participant]}).")
        first_line[participant] = line
        participants.append(participant)
        if group_column is not None and row[group_column].strip():
            groups[participant] = _whole_number(row[group_column], name, line, "group-id")
        for column_index, position in enumerate(statement_columns):
            votes[row_index, column_index] = _vote(row[position], name, line, header[position])
    return VoteMatrix(participants, [header[i] for i in statement_columns], votes, groups)


def read_comments(path: str | Path) -> list[PolisComment]:
    """The statements of a `comments.csv` file; PolisFileError if it is unusable."""
    name = Path(path).name
    header, rows = _read_table(path, required=["comment-id", "comment-body"])
    where = {column: header.index(column) for column in COMMENT_COLUMNS if column in header}

    def cell(row: list[str], column: str) -> str:
        return row[where[column]].strip() if column in where else ""

    comments = []
    for line, row in rows:
        comment_id = cell(row, "comment-id")
        if not comment_id:
            raise PolisFileError(f"{name}, line {line}: the comment-id is empty.")
        timestamp = cell(row, "timestamp")
        created_at = None
        if timestamp:
            milliseconds = _whole_number(timestamp, name, line, "timestamp")
            created_at = datetime.fromtimestamp(milliseconds / 1000, tz=UTC)
        counts = {column: _whole_number(cell(row, column) or "0", name, line, column)
                  for column in ("agrees", "disagrees", "moderated")}
        comments.append(PolisComment(
            comment_id=comment_id, author_id=cell(row, "author-id"),
            body=row[where["comment-body"]], moderated=counts["moderated"],
            created_at=created_at, agrees=counts["agrees"], disagrees=counts["disagrees"],
            is_meta=cell(row, "is-meta").lower() in TRUE_WORDS))
    return comments


def write_votes(target: str | Path | IO[str], matrix: VoteMatrix,
                groups: Mapping[str, int] | None = None,
                comments_written: Mapping[str, int] | None = None) -> None:
    """Write `matrix` as a Pol.is `participants-votes.csv` (comma separated, UTF-8).

    `groups` (default: the matrix's Pol.is groups) fills `group-id`; `comments_written`
    the number of statements each participant wrote (default 0). Statement ids must be
    whole numbers, as Pol.is's comment ids are.
    """
    for statement in matrix.statements:
        if not statement.isdigit():
            raise ValueError(f"Statement id {statement!r} is not a whole number, "
                             "as Pol.is comment ids are.")
    groups = matrix.polis_groups if groups is None else groups
    comments_written = comments_written or {}
    with _opened(target) as handle:
        writer = SafeWriter(handle, lineterminator="\n")
        writer.writerow(SUMMARY_COLUMNS + list(matrix.statements))
        for participant, row in zip(matrix.participants, matrix.votes, strict=True):
            seen = row[~np.isnan(row)]
            group = groups.get(participant)
            writer.writerow([
                participant, "" if group is None else int(group),
                int(comments_written.get(participant, 0)), len(seen),
                int((seen == 1).sum()), int((seen == -1).sum()),
                *["" if math.isnan(vote) else int(vote) for vote in row]])


def write_comments(target: str | Path | IO[str], comments: Iterable[PolisComment]) -> None:
    """Write statements as a Pol.is `comments.csv`. As every CSV file Consult writes, a
    body that a spreadsheet would run as a formula gets a leading apostrophe."""
    with _opened(target) as handle:
        writer = SafeWriter(handle, lineterminator="\n")
        writer.writerow(COMMENT_COLUMNS)
        for comment in comments:
            created = comment.created_at
            writer.writerow([
                "" if created is None else round(created.timestamp() * 1000),
                "" if created is None else created.astimezone(UTC).strftime(
                    "%a %b %d %H:%M:%S UTC %Y"),
                comment.comment_id, comment.author_id, comment.agrees, comment.disagrees,
                comment.moderated, str(comment.is_meta).lower(), comment.body])


@contextmanager
def _opened(target: str | Path | IO[str]) -> Iterator[IO[str]]:
    """A path opened for writing, or a text stream passed through (and left open)."""
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield target


def _read_table(path: str | Path, required: list[str],
                wants_statements: bool = False) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells) rows, cells padded to the header's length."""
    name = Path(path).name
    text = _text_of(path)
    if not text.strip():
        raise PolisFileError(f"{name} is empty: it has no header line.")
    header, separator = _header(text, name, required, wants_statements)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    next(reader)
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            raise PolisFileError(f"{name}, line {reader.line_num}: {len(row)} cells for "
                                 f"{len(header)} columns.")
        rows.append((reader.line_num, row[:len(header)] + [""] * (len(header) - len(row))))
    return header, rows


def _text_of(path: str | Path) -> str:
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PolisFileError(f"{name} cannot be opened: {error.strerror}.") from error
    if data[:2] == b"\x1f\x8b":  # compressed with gzip
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise PolisFileError(f"{name} is a damaged gzip file.") from error
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise PolisFileError(f"{name} is not UTF-8 text (byte {error.start + 1} cannot be "
                             "read); save it as CSV UTF-8 and try again.") from error


def _header(text: str, name: str, required: list[str],
            wants_statements: bool) -> tuple[list[str], str]:
    """The header and the separator that makes it hold the required columns."""
    first_line = text.splitlines()[0]
    candidates = list(SEPARATORS)
    with contextlib.suppress(csv.Error):  # no guess: every separator is tried in turn
        guess = csv.Sniffer().sniff(first_line, delimiters=SEPARATORS).delimiter
        candidates.sort(key=lambda separator: separator != guess)
    missing_by_separator = {}
    for separator in candidates:
        header = [column.strip() for column in next(csv.reader([first_line],
                                                               delimiter=separator))]
        missing = [column for column in required if column not in header]
        if wants_statements and not any(column.isdigit() for column in header):
            missing.append("a comment id (a column named with a number)")
        if not missing:
            return header, separator
        missing_by_separator[separator] = missing
    missing = min(missing_by_separator.values(), key=len)
    raise PolisFileError(f"{name} lacks the column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} in its header (line 1).")


def _vote(cell: str, name: str, line: int, statement: str) -> float:
    if cell in PLAIN_VOTES:
        return PLAIN_VOTES[cell]
    value = cell.strip()
    if not value:
        return math.nan
    try:
        return VOTE_VALUES[float(value)]
    except (ValueError, KeyError):
        raise PolisFileError(
            f"{name}, line {line}: the vote {value!r} on comment {statement} is not 1 "
            "(agree), -1 (disagree), 0 (pass) or empty (not seen).") from None


def _whole_number(cell: str, name: str, line: int, column: str) -> int:
    try:
        return int(cell.strip())
    except ValueError:
        raise PolisFileError(
            f"{name}, line {line}: {column} {cell.strip()!r} is not a whole number.") from None
