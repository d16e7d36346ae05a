"""Undoing an import as one action, while nothing has been done with its ideas."""

from __future__ import annotations

import pytest

from consult.core.errors import Conflict
from consult.core.events import verify_chain
from consult.ideas import import_files, intake, moderation
from consult.ideas.import_undo import undo_import
from consult.models import (
    Event,
    Flag,
    FlagReason,
    ResponseStatus,
    Submission,
    SubmissionStatus,
    Support,
)
from consult.responses import accountability, answering
from tests.fixtures.clients import csrf_token
from tests.ideas.import_steps import upload_and_map

DATA = (b"id,comment\n"
        b"1,More bicycle lanes on the main avenue\n"
        b"2,A library open on Sundays please\n")
COLUMNS = intake.CsvColumns(text="comment", source_id="id")


def imported(db, actor, consultation):
    record = import_files.keep_upload(db.session, actor, consultation, "ideas.csv", DATA)
    report = intake.run_import(db.session, actor, record, COLUMNS)
    db.session.commit()
    return report


def test_undo_hides_every_idea_as_one_event_and_keeps_the_record(db, create_consultation,
                                                                 create_user):
    facilitator, consultation = create_user("facilitator"), create_consultation()
    report = imported(db, facilitator, consultation)
    ids = [s.id for s in report.created]
    events_before = db.session.query(Event).count()
    assert undo_import(db.session, facilitator, report.record) == ids
    db.session.commit()
    ideas = db.session.query(Submission).order_by(Submission.id).all()
    assert [s.id for s in ideas] == ids  # nothing deleted
    assert {(s.status, s.moderation_reason, s.source_id) for s in ideas} == {
        (SubmissionStatus.HIDDEN, "import undone", None)}
    assert db.session.query(Event).count() == events_before + 1
    event = db.session.query(Event).filter_by(action="consultation.import_undone").one()
    assert event.payload == {"import_id": report.record.id, "ideas": ids}
    assert verify_chain(db.session, consultation.organisation_id).ok
    assert accountability.you_said_we_did(db.session, consultation).total == 0


def test_undone_file_can_be_imported_again(db, create_consultation, create_user):
    facilitator, consultation = create_user("facilitator"), create_consultation()
    undo_import(db.session, facilitator, imported(db, facilitator, consultation).record)
    db.session.commit()
    again = imported(db, facilitator, consultation)
    assert len(again.created) == 2 and again.already_imported == []


def _answer(db, create_user, idea):
    official = create_user("official")
    draft = answering.draft_answer(db.session, official, idea, ResponseStatus.ACCEPTED,
                                   "We will do it.", "Transport office")
    answering.publish(db.session, official, draft)


def _support(db, create_user, idea):
    db.session.add(Support(submission_id=idea.id, user_id=create_user().id))


def _flag(db, create_user, idea):
    db.session.add(Flag(submission_id=idea.id, reason=FlagReason.SPAM, flagger_key="k" * 64))


def _hide(db, create_user, idea):
    moderation.hide(db.session, create_user("facilitator"), idea, "Off topic")


@pytest.mark.parametrize(("use", "reason"), [
    (_answer, "some of its ideas have been answered"),
    (_support, "some of its ideas have been supported"),
    (_flag, "some of its ideas have been flagged"),
    (_hide, "some of its ideas have been moderated or changed"),
])
def test_undo_refused_once_an_idea_was_used(db, create_consultation, create_user, use,
                                            reason):
    facilitator, consultation = create_user("facilitator"), create_consultation()
    report = imported(db, facilitator, consultation)
    use(db, create_user, report.created[1])
    db.session.commit()
    with pytest.raises(Conflict, match=reason):
        undo_import(db.session, facilitator, report.record)
    assert db.session.query(Event).filter_by(action="consultation.import_undone").count() == 0


def test_undo_refused_twice(db, create_consultation, create_user):
    facilitator, consultation = create_user("facilitator"), create_consultation()
    record = imported(db, facilitator, consultation).record
    undo_import(db.session, facilitator, record)
    with pytest.raises(Conflict, match="already undone"):
        undo_import(db.session, facilitator, record)


def _post_undo(client, report_url):
    return client.post(f"{report_url}/undo", data={"csrf_token": csrf_token(client, report_url)})


def test_undo_page_takes_the_ideas_back(client_as, db, create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    _url, done = upload_and_map(client, consultation, DATA, text="comment", source_id="id")
    response = _post_undo(client, done.headers["Location"])
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import undone: 2 ideas taken back." in html and "was undone on" in html
    assert {s.status for s in db.session.query(Submission)} == {SubmissionStatus.HIDDEN}
    idea = db.session.query(Submission).first()
    public = client.get(f"/ideas/{idea.id}", headers={"Accept-Language": "fr"}).get_data(
        as_text=True)
    assert "import undone" not in public  # a sentence in the reader's language instead
    assert idea.taken_back_with_its_import


def test_undo_page_refused_with_409_and_the_reason_once_answered(client_as, db,
                                                                 create_consultation,
                                                                 create_user):
    client, consultation = client_as("facilitator"), create_consultation()
    _url, done = upload_and_map(client, consultation, DATA, text="comment", source_id="id")
    report_url = done.headers["Location"]
    form_page = client.get(report_url).get_data(as_text=True)
    _answer(db, create_user, db.session.query(Submission).first())
    db.session.commit()
    token = csrf_token(client, report_url)
    assert "Undo this import</button>" in form_page and token
    response = client.post(f"{report_url}/undo", data={"csrf_token": token})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "This import can no longer be undone: some of its ideas have been answered." in html
    assert {s.status for s in db.session.query(Submission)} == {SubmissionStatus.PUBLISHED}
    assert "Undo this import</button>" not in client.get(report_url).get_data(as_text=True)


def test_undo_page_forbidden_to_residents_and_404_for_another_consultation(
        client_as, db, create_consultation):
    facilitator, consultation = client_as("facilitator"), create_consultation()
    _url, done = upload_and_map(facilitator, consultation, DATA, text="comment")
    report_url = done.headers["Location"]
    assert client_as("resident").get(report_url).status_code == 403
    other = report_url.replace(f"/consultations/{consultation.id}/",
                               f"/consultations/{create_consultation().id}/")
    assert facilitator.get(other).status_code == 404
    assert facilitator.get(f"{report_url}9").status_code == 404


def test_upload_page_lists_earlier_imports_with_their_pages(client_as, db,
                                                            create_consultation):
    client, consultation = client_as("facilitator"), create_consultation()
    _url, done = upload_and_map(client, consultation, DATA, text="comment")
    _post_undo(client, done.headers["Location"])
    html = client.get(f"/facilitate/consultations/{consultation.id}/ideas/import").get_data(
        as_text=True)
    report_path = done.headers["Location"].split("localhost")[-1]
    assert "Earlier imports" in html and f'href="{report_path}"' in html
    assert "2 ideas (undone)" in html
