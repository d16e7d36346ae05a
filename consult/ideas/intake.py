"""Importing ideas collected offline from a CSV file: every row checked; all or nothing, or
the good rows with the rest reported; rows imported before (by source id) skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import utcnow
from consult.core.csv_reading import (  # noqa: F401 - MAX_BYTES, the errors: part of intake's interface
    MAX_BYTES,
    CsvFileError,
    CsvTooLarge,
    csv_delimiter,
    decode_csv,
)
from consult.core.errors import ConsultError, NotAllowed
from consult.core.user import Role, RoleName, User
from consult.ideas.csv_rows import (  # noqa: F401 - part of intake's interface
    CsvColumns,
    ImportedRow,
    RowError,
    read_rows,
)
from consult.ideas.import_models import IdeaImport
from consult.ideas.models import Channel, Submission, SubmissionStatus
from consult.ideas.submitting import (
    INTAKE_PHASES,
    IdeaInput,
    created_event,
    embed_later,
    new_submission,
)

MAX_ROWS = 10_000


class CsvRowsInvalid(ConsultError):
    """Some rows are wrong; `errors` lists each of them. Nothing was imported."""

    status = 422

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_l("%(n)s rows need fixing; nothing was imported.", n=len(errors)))
        self.errors = errors


@dataclass
class ImportReport:
    """What an import did: the ideas created, the rows skipped as imported before (their
    lines), and the rows refused (with their reasons)."""

    record: IdeaImport
    created: list[Submission] = field(default_factory=list)
    already_imported: list[int] = field(default_factory=list)
    refused: list[RowError] = field(default_factory=list)


def _checked_rows(data: bytes, columns: CsvColumns, consultation: Consultation,
                  channel: Channel) -> tuple[list[ImportedRow], list[RowError]]:
    result = read_rows(data, columns, consultation, channel, limit=MAX_BYTES)
    if not result.rows and not result.errors:
        raise CsvFileError(_l("The file has a header row but no ideas."))
    if len(result.rows) + len(result.errors) > MAX_ROWS:
        raise CsvFileError(_l("The file has more than %(n)s ideas. Split it into smaller files.",
                              n=MAX_ROWS))
    return result.rows, result.errors


def read_csv(
    data: bytes, columns: CsvColumns, consultation: Consultation, channel: Channel
) -> list[IdeaInput]:
    """Every row of the file as an idea; raises with every bad row if any is bad."""
    rows, errors = _checked_rows(data, columns, consultation, channel)
    if errors:
        raise CsvRowsInvalid(errors)
    return [row.idea for row in rows]


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


def _imported_before(session: Session, consultation: Consultation,
                     rows: list[ImportedRow]) -> set[str]:
    wanted = [row.source_id for row in rows if row.source_id]
    found: set[str] = set()
    for start in range(0, len(wanted), 500):  # bounded IN lists
        found.update(session.scalars(select(Submission.source_id).where(
            Submission.consultation_id == consultation.id,
            Submission.source_id.in_(wanted[start:start + 500]))))
    return found


def run_import(
    session: Session,
    actor: User,
    record: IdeaImport,
    columns: CsvColumns,
    channel: Channel = Channel.PAPER,
    all_or_nothing: bool = True,
) -> ImportReport:
    """Enter the ideas of the uploaded file `record` on behalf of residents, as one action.

    All or nothing: any bad row raises CsvRowsInvalid and nothing is written. Otherwise the
    good rows are entered and the bad ones reported. Rows whose source id this consultation
    already has are skipped, never entered twice.
    """
    consultation = session.get(Consultation, record.consultation_id)
    if consultation.phase not in INTAKE_PHASES:
        raise NotAllowed(_l("Ideas cannot be added to this consultation in its current phase."))
    if record.imported_at is not None:
        raise CsvFileError(_l("This file was already imported. Upload it again to import it "
                              "once more."))
    record.mapping, record.all_or_nothing = columns.mapping(), all_or_nothing
    rows, errors = _checked_rows(record.data, columns, consultation, channel)
    if errors and all_or_nothing:
        raise CsvRowsInvalid(errors)
    before = _imported_before(session, consultation, rows)
    report = ImportReport(record, refused=errors,
                          already_imported=[r.line for r in rows if r.source_id in before])
    new_rows = [row for row in rows if row.source_id not in before]
    # Every row is checked (and its language detected) before the first is written, and all
    # are written together: on SQLite the write lock is held for the writing alone.
    for row in new_rows:
        submission = new_submission(session, None, consultation, row.idea, entered_by=actor)
        submission.source_id, submission.original_at = row.source_id, row.original_at
        submission.import_id = record.id
        report.created.append(submission)
    record.imported_at = utcnow()
    record.imported_count, record.refused_count = len(report.created), len(errors)
    if report.created:
        _write(session, actor, consultation, report)
    return report


def _write(session: Session, actor: User, consultation: Consultation,
           report: ImportReport) -> None:
    submissions = report.created
    session.add_all(submissions)
    events.record_many(session, actor, "submission.created",
                       [(submission, created_event(submission)) for submission in submissions])
    if any(submission.status is SubmissionStatus.PUBLISHED for submission in submissions):
        embed_later(session, consultation.id)
    events.record(session, actor, "consultation.ideas_imported", consultation, {
        "import_id": report.record.id, "count": len(submissions),
        "first_id": submissions[0].id, "ideas": [s.id for s in submissions],
        "already_imported": len(report.already_imported), "refused": len(report.refused)})


def import_csv(
    session: Session,
    actor: User,
    consultation: Consultation,
    data: bytes,
    columns: CsvColumns,
    channel: Channel = Channel.PAPER,
    all_or_nothing: bool = True,
    filename: str = "",
) -> list[Submission]:
    """Enter the ideas of the file on behalf of residents (see `run_import`), in one step."""
    from consult.ideas.import_files import keep_upload

    record = keep_upload(session, actor, consultation, filename, data, MAX_BYTES)
    return run_import(session, actor, record, columns, channel, all_or_nothing).created
