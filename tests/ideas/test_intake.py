"""Reading CSV files of ideas collected offline: every bad row reported, all or nothing."""

import pytest

from consult.core.errors import NotAllowed
from consult.ideas import intake
from consult.models import Channel, Event, Phase, Submission

COLUMNS = intake.CsvColumns(text="comment")


def test_import_csv_enters_every_row_on_behalf_of_residents(db, create_consultation,
                                                            create_user):
    facilitator = create_user("facilitator")
    consultation = create_consultation(questions=2, areas=["North"])
    data = (b"comment,where,q,when,how\n"
            b"More benches in the park please,North,2,2024-05-01,workshop\n"
            b'"A long idea, with a comma\nand a new line",,1,,\n')
    columns = intake.CsvColumns(text="comment", area="where", question="q", date="when",
                                channel="how")
    created = intake.import_csv(db.session, facilitator, consultation, data, columns)
    assert len(created) == 2
    first, second = created
    assert first.area == "North" and first.question_id == consultation.questions[1].id
    assert first.channel is Channel.WORKSHOP and first.received_at.date().isoformat() == \
        "2024-05-01"
    assert second.channel is Channel.PAPER and "new line" in second.text
    assert all(s.entered_by_id == facilitator.id and s.author_id is None for s in created)
    assert db.session.query(Event).filter_by(action="consultation.ideas_imported").one()


def test_read_csv_accepts_a_bom_and_semicolons(db, create_consultation):
    data = "\ufeffComment;Title\nPlant more trees on the avenue;Trees\n".encode()
    ideas = intake.read_csv(data, COLUMNS, create_consultation(), Channel.PAPER)
    assert ideas[0].text == "Plant more trees on the avenue"


def test_read_csv_reports_every_bad_row_with_its_line(db, create_consultation):
    data = ("comment,area\n"
            "A perfectly good idea for the city,\n"
            ",\n"  # blank rows are skipped, not errors
            "short,\n"
            + "x" * 2001 + ",\n"
            "Another good idea for the city,Nowhere\n").encode()
    with pytest.raises(intake.CsvRowsInvalid) as caught:
        intake.read_csv(data, intake.CsvColumns(text="comment", area="area"),
                        create_consultation(), Channel.PAPER)
    reasons = {error.line: str(error.reason) for error in caught.value.errors}
    assert set(reasons) == {4, 5, 6}
    assert "shorter than 10" in reasons[4] and "longer than 2000" in reasons[5]
    assert "Nowhere" in reasons[6]


def test_read_csv_reports_an_empty_text_cell(db, create_consultation):
    data = b"comment,title\n   ,A title only\n"
    with pytest.raises(intake.CsvRowsInvalid) as caught:
        intake.read_csv(data, COLUMNS, create_consultation(), Channel.PAPER)
    assert [(e.line, str(e.reason)) for e in caught.value.errors] == [(2, "the text is empty")]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"\xef\xbb\xbf  \n", "empty"),
    (b"comment\n", "no ideas"),
    (b"comentario\nUna idea larga\n", "no column named"),
    ("comment\nUne idée très longue\n".encode("latin-1"), "not UTF-8"),
])
def test_read_csv_refuses_a_bad_file(db, create_consultation, data, message):
    with pytest.raises(intake.CsvFileError, match=message):
        intake.read_csv(data, COLUMNS, create_consultation(), Channel.PAPER)


def test_read_csv_refuses_a_file_over_the_limit(db, create_consultation, monkeypatch):
    monkeypatch.setattr(intake, "MAX_BYTES", 100)
    with pytest.raises(intake.CsvTooLarge):
        intake.read_csv(b"comment\n" + b"An idea for the city\n" * 10, COLUMNS,
                        create_consultation(), Channel.PAPER)


def test_import_csv_imports_nothing_when_a_row_is_bad(db, create_consultation, create_user):
    data = b"comment\nA perfectly good idea for the city\nbad\n"
    with pytest.raises(intake.CsvRowsInvalid):
        intake.import_csv(db.session, create_user("facilitator"), create_consultation(), data,
                          COLUMNS)
    assert db.session.query(Submission).count() == 0


def test_import_csv_refused_when_consultation_is_a_draft(db, create_consultation, create_user):
    with pytest.raises(NotAllowed):
        intake.import_csv(db.session, create_user("facilitator"),
                          create_consultation(phase=Phase.DRAFT),
                          b"comment\nA perfectly good idea\n", COLUMNS)
