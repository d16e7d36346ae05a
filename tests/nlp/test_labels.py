"""Theme names: key phrase labels, descriptions, names per language, junk left out."""

from __future__ import annotations

import numpy as np

from consult.nlp.labels import first_sentence, label_themes

GUNS = [
    "We need gun control now. Too many children die.",
    "Gun control laws must be stronger",
    "Stricter gun control saves lives",
    "Ban assault weapons and pass gun control",
    "Universal background checks for every gun sale",
    "Gun control is long overdue",
    "Guns kill children, we need gun control",
]
HEALTH = [
    "Health care is a human right",
    "Universal health care for all Americans",
    "Medicare for all: health care for everyone",
    "Lower the cost of health care and of medicines",
    "Health care should not depend on your job",
    "Single payer health care now",
]
BIKES_ES = [
    "Queremos más carriles para bicicletas en la ciudad",
    "Los carriles para bicicletas deben ser seguros y anchos",
    "Carriles para bicicletas protegidos en todas las avenidas",
    "Necesitamos carriles para bicicletas cerca de las escuelas",
]
BIKES_EN = [
    "We want more bike lanes in the city",
    "Protected bike lanes on every avenue please",
    "Bike lanes near the schools would keep children safe",
]


def _label(groups: list[list[str]], **options):
    """Label ``groups`` as themes; each group's first idea is nearest its centroid."""
    texts = [text for group in groups for text in group]
    labels = np.array([index for index, group in enumerate(groups) for _ in group])
    vectors = np.zeros((len(texts), len(groups) + 1), dtype=np.float32)
    vectors[np.arange(len(texts)), labels] = 0.8
    vectors[:, -1] = 0.6
    first = np.cumsum([0, *map(len, groups)])[:-1]
    vectors[first, -1], vectors[first, labels[first]] = 0.0, 1.0
    centroids = np.eye(len(groups), len(groups) + 1, dtype=np.float32)
    return texts, label_themes(texts, vectors, labels, centroids, **options)


def test_label_themes_names_gun_control_and_health_care():
    _, (guns, health) = _label([GUNS, HEALTH])
    assert "gun control" in guns.label.lower()
    assert "health care" in health.label.lower()
    assert guns.label[0].isupper() and "·" not in guns.label


def test_label_themes_keywords_are_not_near_duplicates():
    _, (guns, _health) = _label([GUNS, HEALTH])
    words = [set(keyword.lower().split()) for keyword in guns.keywords]
    assert 3 <= len(guns.keywords) <= 5
    assert all(not a <= b for i, a in enumerate(words) for j, b in enumerate(words) if i != j)


def test_label_themes_names_a_bilingual_theme_in_each_language():
    _, (health, bikes) = _label([HEALTH, BIKES_ES + BIKES_EN])
    assert set(bikes.names) == {"es", "en"}
    assert "carriles" in bikes.names["es"].lower()
    assert "bike lanes" in bikes.names["en"].lower()
    assert bikes.label == bikes.names["es"]  # Spanish has most of the theme's ideas
    assert health.names == {"en": health.label}


def test_label_themes_uses_the_languages_given():
    groups = [HEALTH, BIKES_ES + BIKES_EN]
    languages = ["en"] * len(HEALTH) + ["es"] * len(BIKES_ES) + ["en"] * len(BIKES_EN)
    _, (_health, bikes) = _label(groups, languages=languages)
    assert set(bikes.names) == {"es", "en"}


def test_label_themes_gives_no_name_to_a_language_with_few_ideas():
    _, (bikes,) = _label([[*BIKES_EN, *BIKES_EN[:2], BIKES_ES[0]]])
    assert set(bikes.names) == {"en"}


def test_label_themes_description_is_the_representatives_first_sentence():
    texts, (guns, health) = _label([GUNS, HEALTH])
    assert guns.representative == 0 and texts[health.representative] == HEALTH[0]
    assert guns.description == "We need gun control now."
    assert health.description == HEALTH[0]


def test_label_themes_sets_junk_aside_from_names_and_representative():
    texts, (guns,) = _label([["asdf asdf", *GUNS, "jkljkl sdfsdf", "test"]])
    assert texts[guns.representative] == GUNS[0]
    assert not {"asdf", "jkljkl", "test"} & {word for k in guns.keywords for word in k.split()}
    assert "gun control" in guns.label.lower()


def test_label_themes_gives_the_same_names_every_time():
    assert _label([GUNS, HEALTH, BIKES_EN]) == _label([GUNS, HEALTH, BIKES_EN])


def test_first_sentence_stops_at_the_first_sentence_not_at_an_abbreviation():
    assert first_sentence("The U.S. needs gun control. Now!") == "The U.S. needs gun control."
    assert first_sentence("  More trees\nin the park ") == "More trees"
    assert first_sentence("Plant trees") == "Plant trees"


def test_first_sentence_cuts_a_long_sentence_at_a_word():
    text = "We need " + "many more protected bike lanes " * 12
    description = first_sentence(text)
    assert len(description) <= 200 and description.endswith("…")
    assert text.startswith(description[:-1]) and description[-2] != " "
    assert text[len(description) - 1] == " "  # cut between two words


def test_two_themes_never_share_a_name():
    from consult.nlp.labels import ThemeLabel, _distinct

    labels = [ThemeLabel("Bowling Green", ["Bowling Green", "food trucks"], 0, []),
              ThemeLabel("Bowling Green", ["Bowling Green", "internet", "fiber"], 1, [],
                         names={"en": "Bowling Green"}),
              ThemeLabel("Parks", ["parks"], 2, [])]
    named = _distinct(labels, [10, 30, 5])
    assert [label.label for label in named] == ["Food trucks", "Bowling Green", "Parks"]
    assert named[1].names == {"en": "Bowling Green"}
