"""Reading the rows of a CSV file of ideas: each row checked against the consultation, each bad
row reported with its line and kept as uploaded."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from consult.consultations.models import Consultation
from consult.core.csv_reading import MAX_BYTES, CsvFileError, csv_delimiter, decode_csv
from consult.ideas.models import Channel
from consult.ideas.submitting import MAX_LENGTH, MIN_LENGTH, IdeaInput

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
EPOCH = re.compile(r"^\d{9,13}$")  # seconds, or milliseconds as Pol.is exports them


@dataclass(frozen=True)
class CsvColumns:
    """Names of the file's columns: `text` is required, the others optional. `date` is the
    date the city received the idea; `original_date` the date it was written, if earlier."""

    text: str
    title: str | None = None
    area: str | None = None
    language: str | None = None
    channel: str | None = None
    date: str | None = None
    question: str | None = None
    source_id: str | None = None
    original_date: str | None = None
    email: str | None = None

    @classmethod
    def from_mapping(cls, mapping: dict) -> CsvColumns:
        names = {f.name for f in fields(cls)}
        return cls(**{key: value or None for key, value in mapping.items() if key in names}
                   | {"text": mapping.get("text") or ""})

    def mapping(self) -> dict:
        return {key: value for key, value in vars(self).items() if value}


@dataclass(frozen=True)
class RowError:
    line: int
    reason: object  # a lazy translation
    cells: tuple[str, ...] = ()  # the row as uploaded


@dataclass
class ImportedRow:
    line: int
    idea: IdeaInput
    source_id: str | None = None
    original_at: datetime | None = None


@dataclass
class CsvRows:
    header: list[str]
    rows: list[ImportedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_table(data: bytes, limit: int = MAX_BYTES) -> tuple[list[str], csv.reader]:
    """The header and a reader of the remaining rows of a checked, decoded file."""
    text = decode_csv(data, limit)
    reader = csv.reader(io.StringIO(text, newline=""),
                        delimiter=csv_delimiter(text.splitlines()[0]))
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as error:
        raise CsvFileError(_l("The file is not valid CSV near line %(n)s.", n=1)) from error
    return header, reader


def column_indexes(header: list[str], columns: CsvColumns) -> dict[str, int]:
    if not (columns.text or "").strip():
        raise CsvFileError(_l("Choose the column that holds the ideas' text."))
    positions = {name.casefold(): index for index, name in enumerate(header)}
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


def parse_date(value: str) -> datetime:
    """A past date or moment: ISO 8601 (2018-03-17, 2018-03-17T01:01:44+07:00) or a Unix
    timestamp in seconds or milliseconds. A day alone is taken at midday UTC."""
    if EPOCH.match(value):
        seconds = int(value) / (1000 if len(value) > 11 else 1)
        moment = datetime.fromtimestamp(seconds, UTC)
    elif len(value) == 10:
        day = date.fromisoformat(value)
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    else:
        moment = datetime.fromisoformat(value)
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if moment.date() > datetime.now(UTC).date():
        raise ValueError("future")
    return moment


class RowReader:
    """Turns one row into an ImportedRow, or raises ValueError with the reason to report."""

    def __init__(self, consultation: Consultation, indexes: dict[str, int], channel: Channel):
        self.consultation, self.indexes, self.channel = consultation, indexes, channel

    def cell(self, row: list[str], key: str) -> str:
        index = self.indexes.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    def _date(self, row: list[str], key: str) -> datetime | None:
        if not (value := self.cell(row, key)):
            return None
        try:
            return parse_date(value)
        except (ValueError, OverflowError, OSError):
            raise ValueError(_l("“%(value)s” is not a past date like 2025-03-31",
                                value=value)) from None

    def read(self, row: list[str], line: int) -> ImportedRow:
        text = self.cell(row, "text")
        if problem := _text_problem(text):
            raise ValueError(problem)
        idea = IdeaInput(text=text, title=self.cell(row, "title"), channel=self.channel)
        if len(idea.title) > 200:
            raise ValueError(_l("the title is longer than 200 characters"))
        self._read_choices(row, idea)
        idea.received_at = self._date(row, "date")
        original_at = self._date(row, "original_date")
        if original_at and idea.received_at and original_at > idea.received_at:
            raise ValueError(_l("the original date is after the date received"))
        if len(source_id := self.cell(row, "source_id")) > 200:
            raise ValueError(_l("the source id is longer than 200 characters"))
        if email := self.cell(row, "email"):
            try:
                idea.email = validate_email(email, check_deliverability=False).normalized
            except EmailNotValidError:
                raise ValueError(_l("“%(value)s” is not an email address",
                                    value=email)) from None
        return ImportedRow(line, idea, source_id or None, original_at)

    def _read_choices(self, row: list[str], idea: IdeaInput) -> None:
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
                                    "email, whatsapp"))
            idea.channel = Channel(channel)
        if number := self.cell(row, "question"):
            questions = self.consultation.questions
            if not number.isdigit() or not 1 <= int(number) <= len(questions):
                raise ValueError(_l("the question number must be between 1 and %(n)s",
                                    n=len(questions)))
            idea.question_id = questions[int(number) - 1].id


def read_rows(data: bytes, columns: CsvColumns, consultation: Consultation, channel: Channel,
              limit: int = MAX_BYTES) -> CsvRows:
    """Every non-blank row of the file, read or refused; a source id repeated in the file
    refuses its later rows."""
    header, reader = read_table(data, limit)
    row_reader = RowReader(consultation, column_indexes(header, columns), channel)
    result, seen, line = CsvRows(header), {}, reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                try:
                    read = row_reader.read(row, line)
                    if read.source_id and read.source_id in seen:
                        raise ValueError(_l("the source id “%(id)s” is also on line %(line)s",
                                            id=read.source_id, line=seen[read.source_id]))
                    if read.source_id:
                        seen[read.source_id] = line
                    result.rows.append(read)
                except ValueError as error:
                    result.errors.append(RowError(line, error.args[0], tuple(row)))
            line = reader.line_num + 1  # a quoted cell may span several lines
    except csv.Error as error:
        raise CsvFileError(_l("The file is not valid CSV near line %(n)s.",
                              n=reader.line_num)) from error
    return result
