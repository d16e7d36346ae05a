"""Facilitators write an assembly's categories in each language; residents read them in theirs,
and what they choose is stored as typed."""

from __future__ import annotations

from sqlalchemy import select

from consult.assemblies.labels import labels_text, set_labels
from consult.models import Volunteer
from tests.fixtures.assembly_pages import publish
from tests.fixtures.clients import csrf_token

SPANISH = "Edad: 16-39, 40-64, 65 o más\nGénero: mujer, hombre"
ARABIC = "العمر: ١٦-٣٩, ٤٠-٦٤, ٦٥ فأكثر\nالجنس: امرأة, رجل"


def settings_path(assembly) -> str:
    return f"/facilitate/plans/{assembly.plan_id}/assembly"


def post_translations(client, assembly, **texts):
    data = {"csrf_token": csrf_token(client, settings_path(assembly)),
            **{f"labels_{code}": text for code, text in texts.items()}}
    return client.post(f"/facilitate/assemblies/{assembly.id}/translations", data=data)


def translated(db, assembly, assembly_plan, **texts):
    set_labels(db.session, assembly_plan[1], assembly, texts)
    db.session.commit()


def test_facilitator_saves_the_categories_in_spanish(db, client_as, assembly):
    facilitator = client_as("facilitator")
    page = facilitator.get(settings_path(assembly)).get_data(as_text=True)
    assert 'id="translations"' in page and 'name="labels_es"' in page and 'lang="ar"' in page
    response = post_translations(facilitator, assembly, es=SPANISH, ar="")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/assembly#translations")
    db.session.expire_all()
    assert labels_text(assembly.categories, "es") == SPANISH
    assert assembly.categories[0]["values"] == ["16-39", "40-64", "65+"]
    page = facilitator.get(settings_path(assembly)).get_data(as_text=True)
    assert "Edad: 16-39, 40-64, 65 o más\nGénero: mujer, hombre</textarea>" in page


def test_translation_with_a_missing_value_is_refused_naming_the_line(db, client_as, assembly):
    facilitator = client_as("facilitator")
    response = post_translations(facilitator, assembly, es="Edad: 16-39, 40-64, 65 o más\n"
                                                           "Género: mujer")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error:" in html and "There is a problem" in html
    assert ("Español: Line 2: write the name of “gender”, a colon, then its 2 values "
            "separated by commas, in the order “woman, man”.") in html
    assert 'href="#labels_es"' in html and "Género: mujer</textarea>" in html  # kept as typed
    db.session.expire_all()
    assert labels_text(assembly.categories, "es") == ""


def test_translation_starting_with_a_formula_character_is_refused(db, client_as, assembly):
    response = post_translations(client_as("facilitator"), assembly,
                                 es="=Edad: a, b, c\nGénero: mujer, hombre")
    assert response.status_code == 422
    assert "A category name or value cannot start with = + - or @: “=Edad”." in (
        response.get_data(as_text=True))


def test_only_facilitators_translate_the_categories(db, client_as, assembly):
    response = post_translations(client_as("resident"), assembly, es=SPANISH)
    assert response.status_code == 403
    db.session.expire_all()
    assert labels_text(assembly.categories, "es") == ""


def test_the_spanish_volunteer_form_shows_spanish_values_and_stores_the_original(
        db, client, assembly, assembly_plan):
    translated(db, assembly, assembly_plan, es=SPANISH)
    client.get("/language/es")
    path = f"/assemblies/{assembly.id}/volunteer"
    html = client.get(path).get_data(as_text=True)
    assert '<option value="65+">65 o más</option>' in html
    assert '<option value="woman">mujer</option>' in html and ">Género</label>" in html
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "name": "Amal Haddad",
        "email": "amal@example.org", "phone": "", "category_0": "65+", "category_1": "woman",
        "consent": "y"})
    assert response.status_code == 302
    person = db.session.scalar(select(Volunteer).where(Volunteer.name == "Amal Haddad"))
    assert person.attributes == {"age": "65+", "gender": "woman"} and person.language == "es"


def test_the_assembly_page_in_arabic_shows_arabic_categories(db, client, assembly,
                                                             assembly_plan):
    translated(db, assembly, assembly_plan, ar=ARABIC)
    publish(db, assembly)
    html = client.get(f"/assemblies/{assembly.id}",
                      headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<caption id="category-1"><bdi>العمر</bdi></caption>' in html
    assert '<th scope="row"><bdi>٦٥ فأكثر</bdi></th>' in html
    assert '<th scope="row"><bdi>امرأة</bdi></th>' in html
    english = client.get(f"/assemblies/{assembly.id}",
                         headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<bdi>Age band</bdi>" in english and "<bdi>65+</bdi>" in english


def test_staff_pages_show_the_reader_language_too(db, client_as, assembly, assembly_plan):
    translated(db, assembly, assembly_plan, es=SPANISH)
    facilitator = client_as("facilitator")
    facilitator.get("/language/es")
    for page in ("quotas", "pool"):
        html = facilitator.get(f"/facilitate/assemblies/{assembly.id}/{page}").get_data(
            as_text=True)
        assert "<bdi>Género</bdi>" in html and "<bdi>hombre</bdi>" in html, page
    settings = facilitator.get(settings_path(assembly)).get_data(as_text=True)
    assert "<bdi>65 o más</bdi>" in settings
