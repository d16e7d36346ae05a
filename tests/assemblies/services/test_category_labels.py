"""An assembly's categories in each language residents read: written one line per category,
checked against the categories as typed, kept while those do not change, and looked up with the
usual names as the fallback."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from consult.assemblies import setup as assemblies
from consult.assemblies.forms import category_labels_form
from consult.assemblies.labels import (
    category_name,
    category_value,
    labels_text,
    parse_labels,
    plain,
    set_labels,
)
from consult.core.errors import ConsultError
from consult.models import Event, RatingScale
from tests.fixtures.assemblies import CATEGORIES, SEATS

SPANISH = "Edad: 16-39, 40-64, 65 o más\nGénero: mujer, hombre"
ARABIC = "العمر: ١٦-٣٩, ٤٠-٦٤, ٦٥ فأكثر\nالجنس: امرأة, رجل"


def problem(text: str) -> str:
    with pytest.raises(ConsultError) as refused:
        parse_labels(CATEGORIES, text)
    return str(refused.value.message)


def test_set_labels_saves_each_language_and_keeps_the_categories_as_typed(db, assembly,
                                                                         assembly_plan):
    set_labels(db.session, assembly_plan[1], assembly, {"es": SPANISH, "ar": ARABIC})
    db.session.commit()
    db.session.expire_all()
    assert plain(assembly.categories) == CATEGORIES
    assert assembly.categories[1]["labels"]["es"] == {"name": "Género",
                                                      "values": ["mujer", "hombre"]}
    assert labels_text(assembly.categories, "es") == SPANISH
    assert labels_text(assembly.categories, "ar") == ARABIC
    assert labels_text(assembly.categories, "fr") == ""
    assert {v for person in assembly.volunteers for v in person.attributes.values()} <= {
        "16-39", "40-64", "65+", "woman", "man"}
    recorded = db.session.query(Event).filter_by(action="assembly.categories_translated").one()
    assert recorded.payload == {"languages": ["ar", "es"]}


def test_an_empty_text_removes_that_language_only(db, assembly, assembly_plan):
    set_labels(db.session, assembly_plan[1], assembly, {"es": SPANISH, "ar": ARABIC})
    set_labels(db.session, assembly_plan[1], assembly, {"es": "", "ar": ARABIC})
    assert labels_text(assembly.categories, "es") == ""
    assert labels_text(assembly.categories, "ar") == ARABIC


def test_parse_labels_refused_when_a_line_has_the_wrong_number_of_values():
    message = problem("Edad: 16-39, 40-64, 65 o más\n\nGénero: mujer")
    assert message == ("Line 3: write the name of “gender”, a colon, then its 2 values "
                       "separated by commas, in the order “woman, man”.")


def test_parse_labels_refused_when_a_line_has_no_name_or_an_empty_value():
    assert problem("16-39, 40-64, 65 o más\nGénero: mujer, hombre").startswith("Line 1:")
    assert problem("Edad: 16-39, , 65 o más\nGénero: mujer, hombre").startswith("Line 1:")


def test_parse_labels_refused_when_the_number_of_lines_differs():
    assert problem("Edad: 16-39, 40-64, 65 o más") == (
        "Write one line for each of the 2 categories, in the same order (lines written: 1).")


@pytest.mark.parametrize("text", [
    "=Edad: 16-39, 40-64, 65 o más\nGénero: mujer, hombre",
    "Edad: 16-39, @40, 65 o más\nGénero: mujer, hombre",
])
def test_parse_labels_refuses_what_a_spreadsheet_would_run(text):
    assert problem(text).startswith("A category name or value cannot start with = + - or @")


def test_parse_labels_refuses_a_name_too_long_and_values_read_the_same():
    assert "at most 200 characters" in problem(f"{'E' * 201}: a, b, c\nGénero: mujer, hombre")
    assert problem("Edad: a, b, c\nGénero: Mujer, mujer") == (
        "Line 2: two values have the same name; residents could not tell them apart.")


def test_an_empty_translation_is_none():
    assert parse_labels(CATEGORIES, "\n  \n") == []


def test_saving_the_same_categories_keeps_their_translations(db, assembly, assembly_plan):
    set_labels(db.session, assembly_plan[1], assembly, {"es": SPANISH})
    # Volunteers have signed up: the categories as typed are unchanged, so this is allowed.
    assemblies.update_assembly(db.session, assembly_plan[1], assembly, "Renamed", SEATS,
                               assemblies.parse_categories(assemblies.categories_text(CATEGORIES)),
                               RatingScale.THREE, True)
    assert assembly.title == "Renamed"
    assert labels_text(assembly.categories, "es") == SPANISH


def test_changing_a_category_drops_its_translation_only(db, assembly_plan):
    plan, facilitator = assembly_plan
    item = assemblies.create_assembly(db.session, facilitator, plan, "Panel", SEATS, CATEGORIES)
    set_labels(db.session, facilitator, item, {"es": SPANISH})
    changed = [CATEGORIES[0], {"name": "gender", "values": ["woman", "man", "another"]}]
    assemblies.update_assembly(db.session, facilitator, item, "Panel", SEATS, changed,
                               RatingScale.THREE, True)
    assert item.categories[0]["labels"]["es"]["name"] == "Edad"
    assert "labels" not in item.categories[1]
    assert CATEGORIES[0] == {"name": "age", "values": ["16-39", "40-64", "65+"]}  # not touched


def test_names_and_values_in_the_reader_language_else_usual_names_else_as_typed(
        db, assembly, assembly_plan):
    set_labels(db.session, assembly_plan[1], assembly, {"es": SPANISH})
    assert category_name(assembly, "gender", "es") == "Género"
    assert category_value(assembly, "age", "65+", "es_MX") == "65 o más"
    assert category_value(assembly, "age", "16-39 / 65+", "es") == "16-39 / 65 o más"
    assert category_name(assembly, "gender", "fr") == "Gender"  # the usual name, translated
    assert category_value(assembly, "gender", "woman", "fr") == "woman"
    assert category_name(assembly, "income", "es") == "income"


def test_the_form_names_the_language_and_the_line_next_to_its_field(app, db, assembly):
    with app.test_request_context(method="POST"):
        form = category_labels_form(assembly, ("en", "es"), formdata=MultiDict({
            "labels_es": "Edad: 16-39, 40-64, 65 o más\nGénero: mujer"}), meta={"csrf": False})
        assert not form.validate()
        assert form.labels_es.errors == [
            "Español: Line 2: write the name of “gender”, a colon, then its 2 values separated "
            "by commas, in the order “woman, man”."]
        assert not form.labels_en.errors


def test_parse_labels_takes_the_comma_and_colon_of_an_arabic_keyboard():
    labels = parse_labels(CATEGORIES, "العمر: ١٦-٣٩، ٤٠-٦٤، ٦٥ فأكثر\nالجنس： امرأة، رجل")
    assert [label["values"] for label in labels] == [["١٦-٣٩", "٤٠-٦٤", "٦٥ فأكثر"],
                                                    ["امرأة", "رجل"]]
    assert labels[1]["name"] == "الجنس"
