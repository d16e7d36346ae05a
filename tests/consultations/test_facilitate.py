"""Facilitators create and edit consultations; residents read them in their language."""

import pytest

from consult.models import Consultation, Event, Phase
from tests.fixtures.clients import csrf_token

FORM = {"title": "Parks for all", "summary": "Tell us", "body": "## Why",
        "language": "en", "questions": "What first?\nWhere?", "allow_anonymous": "y",
        "areas": "North\nSouth", "languages": ["en", "es"]}


def post_form(client, path, **fields):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **FORM, **fields})


@pytest.mark.parametrize("path", ["/facilitate/", "/facilitate/consultations/new",
                                  "/facilitate/moderation"])
def test_facilitate_pages_forbidden_when_resident(client_as, path):
    assert client_as("resident").get(path).status_code == 403


@pytest.mark.parametrize("path", ["/facilitate/", "/facilitate/consultations/new"])
def test_facilitate_pages_redirect_to_sign_in_when_anonymous(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_facilitate_new_creates_a_draft_and_redirects(client_as, db, organisation):
    client = client_as("facilitator")
    response = post_form(client, "/facilitate/consultations/new")
    assert response.status_code == 302
    consultation = db.session.query(Consultation).one()
    assert consultation.phase is Phase.DRAFT and consultation.areas == ["North", "South"]
    assert [q.text for q in consultation.questions] == ["What first?", "Where?"]
    assert "Consultation created" in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_facilitate_new_invalid_shows_errors_with_422(client_as, db, organisation):
    client = client_as("facilitator")
    response = post_form(client, "/facilitate/consultations/new", title="", questions="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and "<title>Error:" in html
    assert "Give the consultation a title." in html and "Ask at least one question." in html
    assert db.session.query(Consultation).count() == 0


def test_facilitate_edit_saves_translations_and_public_page_shows_them(
        client_as, client, db, create_consultation):
    consultation = create_consultation(phase=Phase.OPEN, questions=2)
    facilitator = client_as("facilitator")
    path = f"/facilitate/consultations/{consultation.id}"
    assert 'name="translation_es-title"' not in facilitator.get(path).get_data(as_text=True)
    response = post_form(facilitator, path, **{
        "translation_es-title": "Parques para todos", "translation_es-body": "**Texto**",
        "translation_es-questions": "¿Qué primero?\n¿Dónde?"})
    assert response.status_code == 302
    edit_page = facilitator.get(path).get_data(as_text=True)
    assert 'name="translation_es-title"' in edit_page and "Parques para todos" in edit_page
    spanish = client.get(f"/consultations/{consultation.id}",
                         headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Parques para todos" in spanish and "<strong>Texto</strong>" in spanish
    assert "¿Dónde?" in spanish and "Not available in your language" not in spanish


def test_public_page_renders_markdown_safely_and_notes_fallback(client, create_consultation):
    consultation = create_consultation(
        body="## Why\n\n*Green* <script>alert(1)</script> [x](javascript:alert(1))")
    html = client.get(f"/consultations/{consultation.id}",
                      headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<h2 dir="auto">Why</h2>' in html and "<em>Green</em>" in html
    assert "<script>alert" not in html and 'href="javascript' not in html
    assert "anglais" in html  # the note names the original language in the reader's


def test_home_card_shows_translated_title(client, create_consultation):
    create_consultation(title="Parks", translations={"es": {"title": "Parques"}})
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Parques" in html


def test_facilitate_phase_change_is_logged(client_as, db, create_consultation):
    consultation = create_consultation(phase=Phase.DRAFT)
    client = client_as("facilitator")
    path = f"/facilitate/consultations/{consultation.id}"
    response = client.post(f"{path}/phase", data={"csrf_token": csrf_token(client, path),
                                                  "phase": "open"})
    assert response.status_code == 302
    event = db.session.query(Event).filter_by(action="consultation.phase_changed").one()
    assert event.actor_id == client.user.id and event.payload == {"from": "draft", "to": "open"}


def test_facilitate_phase_back_to_draft_refused_with_422_when_ideas_exist(
        client_as, db, create_consultation, create_submission):
    consultation = create_consultation(phase=Phase.OPEN)
    create_submission(consultation)
    client = client_as("facilitator")
    path = f"/facilitate/consultations/{consultation.id}"
    response = client.post(f"{path}/phase", data={"csrf_token": csrf_token(client, path),
                                                  "phase": "draft"})
    assert response.status_code == 422
    assert "cannot go back to draft" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id).phase is Phase.OPEN


def test_facilitate_index_lists_consultations_with_counts(client_as, create_consultation,
                                                          create_submission):
    from consult.models import SubmissionStatus

    consultation = create_consultation(title="Rivers", premoderated=True)
    create_submission(consultation, status=SubmissionStatus.PENDING)
    html = client_as("facilitator").get("/facilitate/").get_data(as_text=True)
    assert "Rivers" in html and "Open for ideas" in html
