"""All or nothing, or the good rows with the rest given back; source ids that make a
re-import harmless; the date received, not the date written, times the answers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from consult.ideas import import_files, intake
from consult.models import Event, ResponseStatus, Submission
from consult.responses import accountability, answering
from tests.ideas.import_steps import import_id, upload, upload_and_map

MARCH_ON = Path(__file__).parents[1] / "data" / "march-on-comments.csv"
POLIS = intake.CsvColumns(text="comment-body", source_id="comment-id",
                          original_date="timestamp")
MIXED = (b"id,comment,written\n"
         b"1,A perfectly good idea for the city,2018-03-17\n"
         b"2,short,2018-03-18\n"
         b"3,Another good idea for the city,someday\n"
         b"4,A third good idea for the city,2018-03-20\n")
COLUMNS = intake.CsvColumns(text="comment", source_id="id", original_date="written")


def run(db, actor, consultation, data, columns=COLUMNS, all_or_nothing=True):
    record = import_files.keep_upload(db.session, actor, consultation, "ideas.csv", data)
    return intake.run_import(db.session, actor, record, columns,
                             all_or_nothing=all_or_nothing)


def test_all_or_nothing_reports_every_bad_row_and_imports_nothing(db, create_consultation,
                                                                  create_user):
    with pytest.raises(intake.CsvRowsInvalid) as caught:
        run(db, create_user("facilitator"), create_consultation(), MIXED)
    assert [error.line for error in caught.value.errors] == [3, 4]
    assert db.session.query(Submission).count() == 0


def test_good_rows_are_imported_and_the_rest_reported(db, create_consultation, create_user):
    report = run(db, create_user("facilitator"), create_consultation(), MIXED,
                 all_or_nothing=False)
    assert sorted(s.source_id for s in report.created) == ["1", "4"]
    assert [(e.line, str(e.reason)) for e in report.refused] == [
        (3, "the text is shorter than 10 characters"),
        (4, "“someday” is not a past date like 2025-03-31")]
    assert (report.record.imported_count, report.record.refused_count) == (2, 2)


def test_reimporting_the_same_file_imports_nothing_twice(db, create_consultation,
                                                         create_user):
    facilitator, consultation = create_user("facilitator"), create_consultation()
    run(db, facilitator, consultation, MIXED, all_or_nothing=False)
    db.session.commit()
    again = run(db, facilitator, consultation, MIXED, all_or_nothing=False)
    assert again.created == [] and again.already_imported == [2, 5]
    assert db.session.query(Submission).count() == 2
    imported = db.session.query(Event).filter_by(action="consultation.ideas_imported").all()
    assert len(imported) == 1  # an import that brings nothing is no event


def test_a_source_id_repeated_in_the_file_refuses_the_later_row(db, create_consultation,
                                                                create_user):
    data = (b"id,comment\n1,A perfectly good idea for the city\n"
            b"1,The same id on another idea\n")
    report = run(db, create_user("facilitator"), create_consultation(), data,
                 intake.CsvColumns(text="comment", source_id="id"), all_or_nothing=False)
    assert len(report.created) == 1
    assert str(report.refused[0].reason) == "the source id “1” is also on line 2"


def test_import_is_one_event_listing_its_ideas(db, create_consultation, create_user):
    report = run(db, create_user("facilitator"), create_consultation(), MIXED,
                 all_or_nothing=False)
    event = db.session.query(Event).filter_by(action="consultation.ideas_imported").one()
    assert event.payload["ideas"] == [s.id for s in report.created]
    assert event.payload["import_id"] == report.record.id and event.payload["refused"] == 2


def test_refused_rows_download_keeps_the_file_as_uploaded_with_the_reason(
        client_as, db, create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    data = "id;comment;written\n9;Ça\n\"x\";ok;2018\n".encode()
    _url, response = upload_and_map(client, consultation, data, text="comment",
                                    source_id="id", original_date="written", mode="good")
    assert response.status_code == 302  # the report of an import of no idea
    assert db.session.query(Submission).count() == 0
    download = client.get(f"{response.headers['Location']}/refused.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [["id", "comment", "written", "line", "reason refused"],
                    ["9", "Ça", "", "2", "the text is shorter than 10 characters"],
                    ["x", "ok", "2018", "3", "the text is shorter than 10 characters"]]


def test_good_rows_page_reports_refused_rows_with_a_download(client_as, db,
                                                             create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    _url, response = upload_and_map(client, consultation, MIXED, text="comment",
                                    source_id="id", original_date="written", mode="good")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 ideas imported." in html and "Line 3: the text is shorter" in html
    assert "refused.csv" in html
    download = client.get(f"{response.headers['Location']}/refused.csv").get_data(as_text=True)
    assert "short,2018-03-18,3,the text is shorter than 10 characters" in download


def test_all_or_nothing_page_lists_rows_and_offers_the_download(client_as, db,
                                                                create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    url, response = upload_and_map(client, consultation, MIXED, text="comment",
                                   original_date="written")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in html
    assert "Line 4: “someday” is not a past date like 2025-03-31" in html
    download = f"/facilitate/consultations/{consultation.id}/ideas/imports/{import_id(url)}" \
        "/refused.csv"
    assert download in html and db.session.query(Submission).count() == 0
    assert "someday,4,“someday” is not a past date" in client.get(download).get_data(
        as_text=True)
    assert client_as("facilitator").get(download).status_code == 404  # the uploader's own


def test_a_pol_is_export_of_2000_rows_imports_once(db, create_consultation, create_user):
    facilitator, consultation = create_user("facilitator"), create_consultation()
    data = MARCH_ON.read_bytes()
    report = run(db, facilitator, consultation, data, POLIS, all_or_nothing=False)
    db.session.commit()
    assert len(report.created) == 2137 and len(report.refused) == 25
    assert {s.original_at.year for s in report.created} == {2018}
    again = run(db, facilitator, consultation, data, POLIS, all_or_nothing=False)
    assert again.created == [] and len(again.already_imported) == 2137
    assert db.session.query(Submission).count() == 2137


def test_time_to_answer_counts_from_the_date_received_not_the_date_written(
        db, create_consultation, create_user):
    consultation = create_consultation()
    data = b"comment,written\nMore bicycle lanes on the main avenue,2018-03-17\n"
    report = run(db, create_user("facilitator"), consultation, data,
                 intake.CsvColumns(text="comment", original_date="written"))
    db.session.commit()
    [idea] = report.created
    official = create_user("official")
    draft = answering.draft_answer(db.session, official, idea, ResponseStatus.ACCEPTED,
                                   "We will do it.", "Transport office")
    answering.publish(db.session, official, draft)
    db.session.commit()
    assert idea.original_at.year == 2018
    assert accountability.you_said_we_did(db.session, consultation).median_days < 1


def test_a_pol_is_export_through_the_pages_maps_and_reports(client_as, db,
                                                           create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    url, response = upload_and_map(client, consultation, MARCH_ON.read_bytes(),
                                   text="comment-body", source_id="comment-id",
                                   original_date="timestamp", mode="good")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2137 ideas imported." in html and "<dd>25</dd>" in html
    assert db.session.query(Submission).filter(Submission.original_at.is_not(None)).count() \
        == 2137


def test_upload_over_the_file_limit_gets_413(client_as, db, create_consultation, monkeypatch):
    monkeypatch.setattr(intake, "MAX_BYTES", 100)
    client, consultation = client_as("facilitator"), create_consultation()
    response = upload(client, consultation, b"comment\n" + b"An idea for the city\n" * 10)
    assert response.status_code == 413
    assert "larger than" in response.get_data(as_text=True)
