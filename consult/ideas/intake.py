"""Importing ideas collected offline from a CSV file: every row checked, all or nothing."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.csv_reading import (  # noqa: F401 - MAX_BYTES, the errors: part of intake's interface
    MAX_BYTES,
    CsvFileError,
    CsvTooLarge,
    csv_delimiter,
    decode_csv,
)
from consult.core.errors import ConsultError, NotAllowed
from consult.core.user import Role, RoleName, User
from consult.ideas.models import Channel, Submission, SubmissionStatus
from consult.ideas.submitting import (
    INTAKE_PHASES,
    MAX_LENGTH,
    MIN_LENGTH,
    IdeaInput,
    created_event,
    embed_later,
    new_submission,
)

MAX_ROWS = 10_000
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class RowError:
    line: int
    reason: object  # a lazy translation


class CsvRowsInvalid(ConsultError):
    """Some rows are wrong; `errors` lists each of them. Nothing was imported."""

    status = 422

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_l("%(n)s rows need fixing; nothing was imported.", n=len(errors)))
        self.errors = errors


@dataclass(frozen=True)
class CsvColumns:
    """Names of the file's columns: `text` is required, the others optional."""

    text: str
    title: str | None = None
    area: str | None = None
    language: str | None = None
    channel: str | None = None
    date: str | None = None
    question: str | None = None


def _column_indexes(header: list[str], columns: CsvColumns) -> dict[str, int]:
    positions = {name.strip().casefold(): index for index, name in enumerate(header)}
    indexes = {}
    for key, name in vars(columns).items():
        if not name:
            continue
        if name.strip().casefold() not in positions:
            raise CsvFileError(_l("The file has no column named “%(name)s”. Its columns are: "
                                  "%(columns)s.", name=name, columns=", ".join(header)))
        indexes[key] = positions[name.strip().casefold()]
    return indexes


def _text_problem(text: str) -> object | None:
    if not text:
        return _l("the text is empty")
    if len(text) < MIN_LENGTH:
        return _l("the text is shorter than %(n)s characters", n=MIN_LENGTH)
    if len(text) > MAX_LENGTH:
        return _l("the text is longer than %(n)s characters", n=MAX_LENGTH)
    return None


def _parse_date(value: str) -> datetime:
    day = date.fromisoformat(value[:10])
    if day > datetime.now(UTC).date():
        raise ValueError("future")
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


class _RowReader:
    """Turns one row into an IdeaInput, or raises ValueError with the reason to report."""

    def __init__(self, consultation: Consultation, indexes: dict[str, int], channel: Channel):
        self.consultation, self.indexes, self.channel = consultation, indexes, channel

    def cell(self, row: list[str], key: str) -> str:
        index = self.indexes.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    def read(self, row: list[str]) -> IdeaInput:
        text = self.cell(row, "text")
        if problem := _text_problem(text):
            raise ValueError(problem)
        idea = IdeaInput(text=text, title=self.cell(row, "title"), channel=self.channel)
        if len(idea.title) > 200:
            raise ValueError(_l("the title is longer than 200 characters"))
        if area := self.cell(row, "area"):
            if area not in self.consultation.areas:
                raise ValueError(_l("the area “%(area)s” is not one of this consultation's",
                                    area=area))
            idea.area = area
        if language := self.cell(row, "language").lower():
            if not LANGUAGE_CODE.match(language):
                raise ValueError(_l("“%(value)s” is not a language code like en or es",
                                    value=language))
            idea.language = language
        if channel := self.cell(row, "channel").lower():
            if channel not in {c.value for c in Channel} or channel == Channel.WEB:
                raise ValueError(_l("the channel must be one of paper, workshop, phone, sms, "
                                    "email"))
            idea.channel = Channel(channel)
        if received := self.cell(row, "date"):
            try:
                idea.received_at = _parse_date(received)
            except ValueError:
                raise ValueError(_l("“%(value)s” is not a past date like 2025-03-31",
                                    value=received)) from None
        if number := self.cell(row, "question"):
            questions = self.consultation.questions
            if not number.isdigit() or not 1 <= int(number) <= len(questions):
                raise ValueError(_l("the question number must be between 1 and %(n)s",
                                    n=len(questions)))
            idea.question_id = questions[int(number) - 1].id
        return idea


def read_csv(
    data: bytes, columns: CsvColumns, consultation: Consultation, channel: Channel
) -> list[IdeaInput]:
    """Every row of the file as an idea; raises with every bad row if any is bad."""
    text = decode_csv(data, MAX_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""),
                        delimiter=csv_delimiter(text.splitlines()[0]))
    try:
        header = next(reader)
        indexes = _column_indexes(header, columns)
        row_reader = _RowReader(consultation, indexes, channel)
        ideas, errors, line = [], [], reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                try:
                    ideas.append(row_reader.read(row))
                except ValueError as error:
                    errors.append(RowError(line, error.args[0]))
            line = reader.line_num + 1  # a quoted cell may span several lines
    except csv.Error as error:
        raise CsvFileError(_l("The file is not valid CSV near line %(n)s.",
                              n=reader.line_num)) from error
    if errors:
        raise CsvRowsInvalid(errors)
    if not ideas:
        raise CsvFileError(_l("The file has a header row but no ideas."))
    if len(ideas) > MAX_ROWS:
        raise CsvFileError(_l("The file has more than %(n)s ideas. Split it into smaller files.",
                              n=MAX_ROWS))
    return ideas


def intake_account(session: Session, email: str | None) -> User:
    """The account recorded as entering ideas from the command line: `email`, or the first
    administrator. It must be allowed to enter ideas on behalf of residents."""
    from consult.accounts.users import find_by_email
    from consult.core.permissions import can

    if email:
        user = find_by_email(session, email)
    else:
        user = session.scalar(
            select(User).join(User.roles).where(Role.name == RoleName.ADMIN).order_by(User.id)
        )
    if user is None or not can(user, "submission.enter_on_behalf"):
        raise NotAllowed(_l("Name a facilitator's or administrator's account with "
                            "--entered-by."))
    return user


def import_csv(
    session: Session,
    actor: User,
    consultation: Consultation,
    data: bytes,
    columns: CsvColumns,
    channel: Channel = Channel.PAPER,
) -> list[Submission]:
    """Enter every idea of the file on behalf of residents, or none if any row is wrong."""
    if consultation.phase not in INTAKE_PHASES:
        raise NotAllowed(_l("Ideas cannot be added to this consultation in its current phase."))
    # Every row is checked (and its language detected) before the first is written, and all
    # are written together: on SQLite the write lock is held for the writing alone.
    submissions = [new_submission(session, None, consultation, idea, entered_by=actor)
                   for idea in read_csv(data, columns, consultation, channel)]
    session.add_all(submissions)
    events.record_many(session, actor, "submission.created",
                       [(submission, created_event(submission)) for submission in submissions])
    if any(submission.status is SubmissionStatus.PUBLISHED for submission in submissions):
        embed_later(session, consultation.id)
    events.record(session, actor, "consultation.ideas_imported", consultation,
                  {"count": len(submissions), "first_id": submissions[0].id})
    return submissions
