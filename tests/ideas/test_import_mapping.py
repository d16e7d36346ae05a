"""The import in steps: upload, a preview of the first rows, the mapping of the columns, and
every bad file or mapping refused with a clear message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from consult.core.csv_reading import CsvFileError
from consult.ideas import import_files, intake
from consult.ideas.csv_rows import CsvColumns, parse_date, read_rows
from consult.ideas.import_models import IdeaImport
from consult.models import Channel, Submission
from tests.fixtures.clients import csrf_token
from tests.ideas.import_steps import import_path, upload, upload_and_map

POLIS = (b"timestamp,comment-id,comment-body\n"
         b"1521223304957,2157,Candidates should keep it simple and local\n"
         b"1520719698408,1905,More bicycle lanes on the main avenue\n")


def test_read_rows_keeps_source_id_original_date_and_email(db, create_consultation):
    data = (b"id,written,received,comment,mail\n"
            b"a-1,2018-03-17,2024-05-02,Plant trees on the avenue,Ana@Example.org\n")
    columns = CsvColumns(text="comment", source_id="id", original_date="written",
                         date="received", email="mail")
    [row] = read_rows(data, columns, create_consultation(), Channel.PAPER).rows
    assert row.source_id == "a-1" and row.original_at.date().isoformat() == "2018-03-17"
    assert row.idea.received_at.date().isoformat() == "2024-05-02"
    assert row.idea.email == "Ana@example.org"


@pytest.mark.parametrize(("value", "expected"), [
    ("1521223304957", datetime(2018, 3, 16, 18, 1, 44, 957000, tzinfo=UTC)),
    ("1521223304", datetime(2018, 3, 16, 18, 1, 44, tzinfo=UTC)),
    ("2018-03-17T01:01:44+07:00", datetime(2018, 3, 16, 18, 1, 44, tzinfo=UTC)),
    ("2018-03-17", datetime(2018, 3, 17, 12, tzinfo=UTC)),
])
def test_parse_date_reads_iso_dates_and_unix_timestamps(value, expected):
    assert parse_date(value) == expected


def test_read_rows_refuses_unreadable_dates_with_their_line(db, create_consultation):
    data = (b"comment,written\n"
            b"A perfectly good idea for the city,2018-03-17\n"
            b"Another good idea for the city,17/03/2018\n"
            b"A third good idea for the city,yesterday\n"
            b"A fourth good idea for the city,2999-01-01\n")
    result = read_rows(data, CsvColumns(text="comment", original_date="written"),
                       create_consultation(), Channel.PAPER)
    assert [row.line for row in result.rows] == [2]
    assert [(e.line, str(e.reason)) for e in result.errors] == [
        (3, "“17/03/2018” is not a past date like 2025-03-31"),
        (4, "“yesterday” is not a past date like 2025-03-31"),
        (5, "“2999-01-01” is not a past date like 2025-03-31")]
    assert result.errors[0].cells == ("Another good idea for the city", "17/03/2018")


def test_read_rows_refuses_an_original_date_after_the_date_received(db, create_consultation):
    data = b"comment,written,received\nA perfectly good idea,2024-05-02,2024-05-01\n"
    result = read_rows(data, CsvColumns(text="comment", original_date="written",
                                        date="received"), create_consultation(), Channel.PAPER)
    assert str(result.errors[0].reason) == "the original date is after the date received"


@pytest.mark.parametrize(("columns", "message"), [
    (CsvColumns(text="comment-body", source_id="uuid"), "no column named “uuid”"),
    (CsvColumns(text=""), "Choose the column that holds the ideas' text."),
])
def test_read_rows_refuses_a_mapping_to_a_missing_or_no_column(db, create_consultation,
                                                               columns, message):
    with pytest.raises(CsvFileError, match=message):
        read_rows(POLIS, columns, create_consultation(), Channel.PAPER)


def test_keep_upload_replaces_the_facilitators_earlier_upload(db, create_consultation,
                                                              create_user):
    consultation, facilitator = create_consultation(), create_user("facilitator")
    first_id = import_files.keep_upload(db.session, facilitator, consultation, "a.csv",
                                        POLIS).id
    other = import_files.keep_upload(db.session, create_user("facilitator"), consultation,
                                     "b.csv", POLIS)
    second = import_files.keep_upload(db.session, facilitator, consultation, "c.csv", POLIS)
    assert {r.id for r in db.session.query(IdeaImport)} == {other.id, second.id}
    assert first_id not in {other.id, second.id}


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"), ("comment\nUne idée très longue\n".encode("latin-1"), "not UTF-8")])
def test_keep_upload_refuses_an_empty_or_non_utf8_file(db, create_consultation, create_user,
                                                       data, message):
    with pytest.raises(CsvFileError, match=message):
        import_files.keep_upload(db.session, create_user("facilitator"),
                                 create_consultation(), "ideas.csv", data)
    assert db.session.query(IdeaImport).count() == 0


def test_preview_and_guessed_columns_of_a_polis_export(db, create_consultation, create_user):
    record = import_files.keep_upload(db.session, create_user("facilitator"),
                                      create_consultation(), "polis.csv", POLIS)
    shown = import_files.preview(record)
    assert shown.header == ["timestamp", "comment-id", "comment-body"]
    assert shown.rows[1] == ["1520719698408", "1905", "More bicycle lanes on the main avenue"]
    assert import_files.guessed_columns(shown.header) == {
        "text": "comment-body", "source_id": "comment-id", "original_date": "timestamp"}


def test_upload_page_then_mapping_page_shows_columns_and_first_rows(client_as, db,
                                                                    create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    page = client.get(import_path(consultation)).get_data(as_text=True)
    assert "Upload and preview" in page and 'enctype="multipart/form-data"' in page
    uploaded = upload(client, consultation, POLIS, filename="polis.csv")
    assert uploaded.status_code == 302 and uploaded.headers["Location"].endswith("/map")
    html = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert "polis.csv" in html and "<th scope=\"col\">comment-id</th>" in html
    assert "More bicycle lanes on the main avenue" in html
    assert '<option selected value="comment-body">' in html
    assert db.session.query(Submission).count() == 0


def test_mapping_imports_with_source_ids_and_original_dates(client_as, db,
                                                           create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    _url, response = upload_and_map(client, consultation, POLIS, text="comment-body",
                                    source_id="comment-id", original_date="timestamp",
                                    channel="workshop")
    assert response.status_code == 302 and "/ideas/imports/" in response.headers["Location"]
    ideas = db.session.query(Submission).order_by(Submission.source_id).all()
    assert [s.source_id for s in ideas] == ["1905", "2157"]
    assert {s.original_at.year for s in ideas} == {2018}
    assert {s.received_at.date() for s in ideas} == {datetime.now(UTC).date()}
    assert {s.channel for s in ideas} == {Channel.WORKSHOP}
    report = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 ideas imported." in report and "Undo this import" in report


@pytest.mark.parametrize(("columns", "message"), [
    ({"text": ""}, "Choose the column that holds the ideas"),
    ({"text": "comment-body", "source_id": "uuid"}, "Choose one of the file"),
])
def test_mapping_refuses_an_unmapped_text_or_a_missing_column_with_422(
        client_as, db, create_consultation, columns, message):
    client, consultation = client_as("facilitator"), create_consultation()
    _url, response = upload_and_map(client, consultation, POLIS, **columns)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "There is a problem" in html and "comment-body" in html
    assert db.session.query(Submission).count() == 0


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."), (b"\xef\xbb\xbf \n", "The file is empty."),
    ("comment\nUne idée\n".encode("utf-16"), "The file is not UTF-8 text."),
])
def test_upload_refuses_an_empty_or_non_utf8_file_with_422(client_as, db,
                                                           create_consultation, data, message):
    client, consultation = client_as("facilitator"), create_consultation()
    response = upload(client, consultation, data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.query(IdeaImport).count() == 0


def test_mapping_step_is_the_uploaders_own(client_as, db, create_consultation):
    consultation = create_consultation()
    url = upload(client_as("facilitator"), consultation, POLIS).headers["Location"]
    other = client_as("facilitator")
    response = other.get(url)
    assert response.status_code == 302 and response.headers["Location"].endswith("/import")
    assert "no longer waiting" in other.get(response.headers["Location"]).get_data(
        as_text=True)
    posted = other.post(url, data={"csrf_token": csrf_token(other, import_path(consultation)),
                                   "column_text": "comment-body", "mode": "good"})
    assert posted.status_code == 302 and posted.headers["Location"].endswith("/import")
    assert db.session.query(Submission).count() == 0


def test_import_pages_forbidden_when_resident(client_as, db, create_consultation):
    client, consultation = client_as("resident"), create_consultation()
    assert client.get(import_path(consultation)).status_code == 403
    record = IdeaImport(consultation_id=consultation.id, data=POLIS)
    db.session.add(record)
    db.session.commit()
    assert client.get(f"{import_path(consultation)}/{record.id}/map").status_code == 403


def test_cli_import_keeps_source_ids_and_skips_them_the_second_time(runner, db,
                                                                     create_consultation,
                                                                     create_user, tmp_path):
    create_user("admin")
    consultation = create_consultation()
    path = tmp_path / "polis.csv"
    path.write_bytes(POLIS)
    args = ["import-csv", str(consultation.id), str(path), "--text-column", "comment-body",
            "--source-id-column", "comment-id", "--original-date-column", "timestamp"]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "Imported 2 ideas" in first.output
    second = runner.invoke(args=args)
    assert second.exit_code == 0 and "Imported 0 ideas" in second.output
    assert "2 imported before" in second.output
    assert db.session.query(Submission).count() == 2
    assert intake.MAX_ROWS >= 2000
