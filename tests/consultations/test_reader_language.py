"""What staff wrote reaches residents in their language when it exists: the idea form's title
and questions, the areas, language names instead of codes; and keeps its own direction."""

from consult.models import Phase, Submission
from tests.consultations.test_facilitate import post_form
from tests.ideas.test_submissions import post_idea

SPANISH = {"Accept-Language": "es"}


def spanish_consultation(client_as, create_consultation):
    consultation = create_consultation(phase=Phase.OPEN, questions=2, areas=["North", "South"],
                                       languages=["en", "es"])
    facilitator = client_as("facilitator")
    response = post_form(facilitator, f"/facilitate/consultations/{consultation.id}", **{
        "phase": "open",
        "translation_es-title": "Parques para todos",
        "translation_es-questions": "¿Qué primero?\n¿Dónde?",
        "translation_es-areas": "Norte\n"})
    assert response.status_code == 302
    return consultation


def test_the_idea_form_shows_the_title_questions_and_areas_in_spanish(
        client, client_as, db, create_consultation):
    consultation = spanish_consultation(client_as, create_consultation)
    html = client.get(f"/consultations/{consultation.id}/ideas/new",
                      headers=SPANISH).get_data(as_text=True)
    assert "Parques para todos" in html
    assert "¿Qué primero?" in html and "¿Dónde?" in html
    assert '<option value="North">Norte</option>' in html
    assert '<option value="South">South</option>' in html  # no name given: the original
    assert ">español</option>" in html and ">es</option>" not in html


def test_an_idea_sent_from_the_spanish_form_stores_the_original_area(
        client, client_as, db, create_consultation, app, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMIT_MIN_SECONDS", 0)
    consultation = spanish_consultation(client_as, create_consultation)
    client.get("/language/es")
    response = post_idea(client, consultation, area="North",
                         text="Más bancos a la sombra en el parque del norte")
    assert response.status_code == 302, response.get_data(as_text=True)
    idea = db.session.query(Submission).one()
    assert idea.area == "North"
    listing = client.get(f"/consultations/{consultation.id}/ideas",
                         headers=SPANISH).get_data(as_text=True)
    assert "<bdi>Norte</bdi>" in listing


def test_area_names_keep_their_place_when_the_facilitator_saves_fewer_lines(
        client_as, db, create_consultation):
    consultation = spanish_consultation(client_as, create_consultation)
    db.session.expire_all()
    assert consultation.translations["es"]["areas"] == ["Norte", ""]


def test_titles_of_another_script_are_isolated_in_sentences(client, db, create_consultation,
                                                             create_submission):
    consultation = create_consultation(title="حدائق للجميع")
    idea = create_submission(consultation, text="More shade in the parks, please")
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "<bdi>حدائق للجميع</bdi>" in html


def test_titles_staff_wrote_keep_their_own_direction_in_an_arabic_page(
        client, db, create_consultation):
    consultation = create_consultation(title="What matters for the future of our city?")
    client.get("/language/ar")
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert 'dir="auto">What matters for the future of our city?</h1>' in html
    listing = client.get("/consultations/").get_data(as_text=True)
    assert 'dir="auto"><a href="/consultations/' in listing


def test_the_question_of_the_idea_form_keeps_its_own_direction(client, create_consultation):
    consultation = create_consultation()
    html = client.get(f"/consultations/{consultation.id}/ideas/new").get_data(as_text=True)
    assert '<p class="question" dir="auto">Question 1?</p>' in html


def test_each_paragraph_staff_wrote_takes_its_own_direction():
    from consult.core.markdown import render_markdown

    html = str(render_markdown("Twenty-six members rated the drafts.\n\n- نعم\n\n## Why"))
    assert '<p dir="auto">Twenty-six members rated the drafts.</p>' in html
    assert '<li dir="auto">نعم</li>' in html and '<h3 dir="auto">' not in html
    assert '<h2 dir="auto">Why</h2>' in html
