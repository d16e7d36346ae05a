"""Facilitators enter ideas collected offline: the form, the CSV upload and the CLI."""

import pytest

from consult.models import Channel, Phase, Submission
from tests.fixtures.clients import csrf_token
from tests.fixtures.uploads import upload_csv as upload


def post_idea(client, consultation, **fields):
    path = f"/facilitate/consultations/{consultation.id}/ideas/new"
    return client.post(path, data={
        "csrf_token": csrf_token(client, path), "question": str(consultation.questions[0].id),
        "text": "A bus stop near the school", "channel": "paper", "received_on": "2024-05-01",
        "language": "", "area": "", **fields})


def test_intake_idea_is_entered_on_behalf_with_channel_and_date(client_as, db,
                                                                create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    response = post_idea(client, consultation, channel="phone")
    assert response.status_code == 302
    submission = db.session.query(Submission).one()
    assert submission.channel is Channel.PHONE and submission.entered_by_id == client.user.id
    assert submission.author_id is None and str(submission.received_at.date()) == "2024-05-01"


def test_intake_idea_allowed_when_consultation_closed(client_as, db, create_consultation):
    response = post_idea(client_as("facilitator"), create_consultation(phase=Phase.CLOSED))
    assert response.status_code == 302


@pytest.mark.parametrize(("fields", "message"), [
    ({"text": "short"}, "between 10 and 2000"),
    ({"text": ""}, "Write the idea."),
    ({"channel": "web"}, "Not a valid choice"),
    ({"received_on": "2999-01-01"}, "cannot be in the future"),
    ({"email": "not-an-email"}, "Enter an email address"),
])
def test_intake_idea_invalid_shows_errors_with_422(client_as, db, create_consultation, fields,
                                                   message):
    response = post_idea(client_as("facilitator"), create_consultation(), **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "There is a problem" in html
    assert db.session.query(Submission).count() == 0


def test_intake_idea_refused_with_422_when_consultation_is_a_draft(client_as,
                                                                    create_consultation):
    response = post_idea(client_as("facilitator"), create_consultation(phase=Phase.DRAFT))
    assert response.status_code == 422
    assert "current phase" in response.get_data(as_text=True)


def test_intake_pages_forbidden_when_resident(client_as, create_consultation):
    consultation = create_consultation()
    client = client_as("resident")
    assert client.get(f"/facilitate/consultations/{consultation.id}/ideas/new").status_code == 403
    assert client.get(
        f"/facilitate/consultations/{consultation.id}/ideas/import").status_code == 403


def test_import_csv_imports_every_row_and_redirects(client_as, db, create_consultation):
    content = ("\ufeffcomment;title\nMore light in the underpass;Light\n"
               "A market on Sundays please;\n")
    response = upload(client_as("facilitator"), create_consultation(), content.encode(),
                      title_column="title")
    assert response.status_code == 302
    ideas = db.session.query(Submission).order_by(Submission.id).all()
    assert [s.title for s in ideas] == ["Light", ""]
    assert {s.channel for s in ideas} == {Channel.WORKSHOP}


def test_import_csv_lists_every_bad_row_and_imports_nothing(client_as, db,
                                                            create_consultation):
    content = b"comment\nA perfectly good idea for the town\ntiny\n\n,\n" + b"y" * 2001 + b"\n"
    response = upload(client_as("facilitator"), create_consultation(), content)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 3: the text is shorter than 10 characters" in html
    assert "Line 6: the text is longer than 2000 characters" in html
    assert "Nothing was imported" in html
    assert db.session.query(Submission).count() == 0


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The file is empty."),
    (b"comment\n", "no ideas"),
    (b"text\nAn idea with the wrong header\n", "no column named"),
    ("comment\nUne idée très longue ici\n".encode("latin-1"), "not UTF-8"),
])
def test_import_csv_refuses_a_bad_file_with_a_clear_422(client_as, db, create_consultation,
                                                        content, message):
    response = upload(client_as("facilitator"), create_consultation(), content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(Submission).count() == 0


def test_import_csv_missing_text_column_name_is_a_field_error(client_as, create_consultation):
    response = upload(client_as("facilitator"), create_consultation(),
                      b"comment\nA good idea for all\n", text_column="")
    assert response.status_code == 422
    assert "Name the column that holds the ideas." in response.get_data(as_text=True)


def test_import_csv_over_the_request_limit_gets_413(client_as, db, create_consultation):
    client = client_as("facilitator")
    consultation = create_consultation()
    big = b"comment\n" + b"An idea that is long enough\n" * (5 * 1024 * 1024 // 28)
    response = upload(client, consultation, big)
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert db.session.query(Submission).count() == 0


def test_import_csv_over_the_file_limit_gets_413(client_as, db, create_consultation):
    big = b"comment\n" + b"An idea that is long enough\n" * (2_200_000 // 28)
    response = upload(client_as("facilitator"), create_consultation(), big)
    assert response.status_code == 413
    assert "larger than 2 MB" in response.get_data(as_text=True)


def test_cli_import_csv_prints_each_bad_row_and_exits_2(runner, db, create_consultation,
                                                        create_user, tmp_path):
    create_user("admin")
    consultation = create_consultation()
    path = tmp_path / "ideas.csv"
    path.write_bytes(b"comment\nA good idea for the town\nbad\n")
    result = runner.invoke(args=["import-csv", str(consultation.id), str(path),
                                 "--text-column", "comment"])
    assert result.exit_code == 2
    assert "line 3: the text is shorter than 10 characters" in result.output
    assert db.session.query(Submission).count() == 0


def test_cli_import_csv_prints_the_count_on_success(runner, db, create_consultation,
                                                    create_user, tmp_path):
    facilitator = create_user("facilitator")
    consultation = create_consultation()
    path = tmp_path / "ideas.csv"
    path.write_bytes(b"comment,how\nA good idea for the town,sms\nAnother good idea here,\n")
    result = runner.invoke(args=["import-csv", str(consultation.id), str(path),
                                 "--text-column", "comment", "--channel-column", "how",
                                 "--entered-by", facilitator.email])
    assert result.exit_code == 0, result.output
    assert "Imported 2 ideas" in result.output
    channels = sorted(s.channel.value for s in db.session.query(Submission))
    assert channels == ["paper", "sms"]


PHASE_NOTICE = "Ideas can be entered only while the consultation is open"


@pytest.mark.parametrize("page", ["ideas/new", "ideas/import"])
def test_the_entry_pages_say_why_ideas_are_refused_in_a_draft(client_as, create_consultation,
                                                              page):
    client = client_as("facilitator")
    draft, open_ = create_consultation(phase=Phase.DRAFT), create_consultation()

    refused = client.get(f"/facilitate/consultations/{draft.id}/{page}")
    accepted = client.get(f"/facilitate/consultations/{open_.id}/{page}")

    assert PHASE_NOTICE in refused.get_data(as_text=True)
    assert accepted.status_code == 200 and PHASE_NOTICE not in accepted.get_data(as_text=True)


def test_the_workbench_shows_no_notice_about_entering_ideas(client_as, create_consultation):
    consultation = create_consultation()
    response = client_as("facilitator").get(f"/facilitate/consultations/{consultation.id}/themes")

    assert response.status_code == 200
    assert PHASE_NOTICE not in response.get_data(as_text=True)
