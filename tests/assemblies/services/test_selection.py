"""Stratified random selection on plain data: panels meet every quota, draws are reproducible
from the seed, and inputs that cannot give a panel are refused with a reason.

Each real draw starts the solver's child process (about a second), so they are few.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.sortition import selection
from consult.sortition.selection import Quota, SelectionProblem

CATEGORIES = ["age", "gender"]
LOOSE_QUOTAS = [
    Quota("age", "16-39", 1, 4), Quota("age", "40-64", 1, 4), Quota("age", "65+", 1, 4),
    Quota("gender", "woman", 2, 4), Quota("gender", "man", 2, 4),
]


@pytest.fixture(scope="module", autouse=True)
def app_context(app):
    """Lazy messages render in an application context."""
    with app.app_context():
        yield


def make_pool(people: int = 20, seed: int = 3) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [{"id": f"p{n:02d}", "age": rng.choice(["16-39", "40-64", "65+"]),
             "gender": ("woman", "man")[n % 2]} for n in range(people)]


def counts(people: list[dict[str, str]], ids: list[str], category: str) -> Counter:
    chosen = set(ids)
    return Counter(p[category] for p in people if p["id"] in chosen)


def assert_meets_quotas(people, quotas, selected) -> None:
    for quota in quotas:
        held = counts(people, selected, quota.category)[quota.value]
        assert quota.min <= held <= quota.max, (quota.name, held)


# --- panels meet the quotas --------------------------------------------------------------------

@st.composite
def feasible_problems(draw):
    """A random pool, and quotas built around a panel picked from it: that panel proves the
    quotas can be met, but the solver is free to choose any other panel that meets them."""
    categories = {f"c{n}": [f"v{m}" for m in range(draw(st.integers(2, 3)))]
                  for n in range(draw(st.integers(2, 3)))}
    pool_size = draw(st.integers(12, 30))
    people = [{"id": f"p{n:02d}",
               **{name: draw(st.sampled_from(values)) for name, values in categories.items()}}
              for n in range(pool_size)]
    size = draw(st.integers(3, 8))
    witness = [people[i]["id"] for i in
               draw(st.lists(st.integers(0, pool_size - 1), min_size=size, max_size=size,
                             unique=True))]
    quotas = []
    for name, values in categories.items():
        held = counts(people, witness, name)
        quotas += [Quota(name, value, max(0, held[value] - 1), held[value] + 1)
                   for value in values]
    seed = draw(st.integers(1, selection.MAX_SEED))
    return people, list(categories), quotas, size, seed


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feasible_problems())
def test_draw_meets_every_quota_with_exactly_size_people_from_the_pool(problem):
    people, categories, quotas, size, seed = problem
    outcome = selection.draw(people, categories, quotas, size, seed)
    assert len(outcome.selected) == size
    assert len(set(outcome.selected)) == size
    assert set(outcome.selected) <= {p["id"] for p in people}
    assert_meets_quotas(people, quotas, outcome.selected)
    assert sum(outcome.probabilities.values()) == pytest.approx(size, abs=1e-6)


# --- reproducible from the seed ----------------------------------------------------------------

SEEDS = (11, 12, 13, 14)


@pytest.fixture(scope="module")
def panels() -> dict[int, selection.Outcome]:
    """Draws of one pool with several seeds, each in its own child process."""
    people = make_pool()
    return {seed: selection.draw(people, CATEGORIES, LOOSE_QUOTAS, 6, seed) for seed in SEEDS}


def test_draw_gives_the_same_panel_for_the_same_seed_in_another_process(panels):
    again = selection.draw(make_pool(), CATEGORIES, LOOSE_QUOTAS, 6, SEEDS[0])
    assert again.selected == panels[SEEDS[0]].selected
    assert again.probabilities == panels[SEEDS[0]].probabilities


def test_draw_gives_different_panels_for_different_seeds(panels):
    assert len({tuple(outcome.selected) for outcome in panels.values()}) > 1


def test_draw_does_not_depend_on_the_order_of_the_pool(panels):
    shuffled = make_pool()[::-1]
    assert selection.draw(shuffled, CATEGORIES, LOOSE_QUOTAS, 6, SEEDS[1]).selected == \
        panels[SEEDS[1]].selected


def test_draw_probabilities_add_up_to_the_seats(panels):
    people = make_pool()
    for outcome in panels.values():
        assert_meets_quotas(people, LOOSE_QUOTAS, outcome.selected)
        assert set(outcome.probabilities) == {p["id"] for p in people}
        assert sum(outcome.probabilities.values()) == pytest.approx(6, abs=1e-6)
        assert all(0 <= chance <= 1 for chance in outcome.probabilities.values())
        assert 0 < outcome.min_probability <= outcome.max_probability <= 1
        assert all(outcome.probabilities[person] > 0 for person in outcome.selected)
        assert outcome.panels >= 1
        assert outcome.algorithm.startswith("leximin over types of volunteers (column generation, ")


# --- infeasible quotas are reported, not violated ----------------------------------------------

def older_men_pool() -> list[dict[str, str]]:
    """Every volunteer aged 65+ is a man."""
    return [{"id": f"p{n:02d}", "age": "65+" if n < 4 else "under 65",
             "gender": "man" if n < 4 or n % 2 else "woman"} for n in range(16)]


CROSS_INFEASIBLE = [Quota("age", "65+", 2, 4), Quota("age", "under 65", 0, 6),
                    Quota("gender", "man", 0, 1), Quota("gender", "woman", 0, 6)]


def test_draw_refuses_quotas_that_cannot_be_met_together_and_names_one_to_change():
    people = older_men_pool()
    selection.check(people, CATEGORIES, CROSS_INFEASIBLE, 6)  # each category alone is fine
    with pytest.raises(SelectionProblem) as refused:
        selection.draw(people, CATEGORIES, CROSS_INFEASIBLE, 6, 5)
    message = str(refused.value.message)
    assert "cannot all be met together" in message
    assert "gender = man" in message or "age = 65+" in message
    assert refused.value.status == 422


# --- bad inputs ----------------------------------------------------------------------------------

POOL = "id,age,gender\n" + "".join(
    f"p{n:02d},{('16-39', '40-64', '65+')[n % 3]},{('woman', 'man')[n % 2]}\n" for n in range(12))
QUOTAS = ("category,value,min,max\nage,16-39,1,3\nage,40-64,1,3\nage,65+,1,3\n"
          "gender,woman,2,4\ngender,man,2,4\n")


def run(pool_text: str = POOL, quotas_text: str = QUOTAS, size: int = 6, seed: int = 1):
    people, categories = selection.read_pool_csv(pool_text)
    return selection.draw(people, categories, selection.read_quotas_csv(quotas_text), size, seed)


@pytest.mark.parametrize(("change", "message"), [
    ({"quotas_text": QUOTAS.replace("age,65+,1,3", "age,65+,5,5")},
     "The minimums for “age” add up to 7, more than the 6 seats."),
    ({"quotas_text": QUOTAS.replace("gender,man,2,4", "gender,man,0,1")},
     "The maximums for “gender” add up to 5, fewer than the 6 seats."),
    ({"quotas_text": QUOTAS + "area,north,0,6\n"},
     "The quotas name the category “area”, which the pool does not have."),
    ({"size": 13}, "The pool has 12 people, fewer than the 13 seats."),
    ({"size": 0}, "The assembly needs at least one seat."),
    ({"quotas_text": QUOTAS.replace("age,65+,1,3\n", "")},
     "Some people in the pool have “age” = 65+, which has no quota."),
    ({"quotas_text": QUOTAS.replace("age,65+,1,3", "age,65+,5,6")
      .replace("age,16-39,1,3", "age,16-39,0,3").replace("age,40-64,1,3", "age,40-64,0,3")},
     "The quota age = 65+ asks for at least 5 seats but only 4 people in the pool have it."),
    ({"quotas_text": QUOTAS + "age,80+,1,2\n"},
     "The quota age = 80+ asks for at least 1 seats but only 0 people in the pool have it."),
    ({"quotas_text": QUOTAS.replace("gender,man,2,4", "gender,man,4,2")},
     "The quota gender = man must have 0 ≤ min ≤ max."),
    ({"quotas_text": QUOTAS + "gender,man,0,1\n"}, "The quota gender = man is given twice."),
    ({"quotas_text": "category,value,min\nage,65+,1\n"},
     "The quotas need the columns category, value, min and max; missing: max."),
    ({"quotas_text": QUOTAS.replace("age,40-64,1,3", "age,40-64,one,3")},
     "Line 3 of the quotas: min and max must be whole numbers."),
    ({"pool_text": POOL + "p01,65+,man\n"},
     "Line 14 repeats the person “p01” of line 3."),
    ({"pool_text": POOL.replace("p02,65+,woman", "p02,65+,")},
     "Line 4 (“p02”) has no value for gender."),
    ({"pool_text": POOL.replace("id,", "ref,")}, "The pool has no “id” column."),
    ({"seed": 0}, "The seed is a whole number from 1 to 2147483647."),
    ({"seed": -5}, "The seed is a whole number from 1 to 2147483647."),
    ({"seed": selection.MAX_SEED + 1}, "The seed is a whole number from 1 to 2147483647."),
], ids=["minimums-above-size", "maximums-below-size", "unknown-category", "pool-too-small",
        "no-seats", "value-without-quota", "min-above-people-with-value", "value-nobody-has",
        "min-above-max", "quota-twice", "quotas-missing-column", "non-integer-min",
        "duplicate-person", "missing-attribute", "no-id-column", "seed-zero", "seed-negative",
        "seed-too-large"])
def test_draw_refuses_bad_inputs_with_a_clear_message(change, message):
    with pytest.raises(SelectionProblem) as refused:
        run(**change)
    assert str(refused.value.message) == message


def test_read_pool_csv_names_every_bad_line_at_once():
    text = "id,age,gender\np1,65+,man\np2,,woman\n,40-64,man\np1,16-39,woman\n"
    with pytest.raises(SelectionProblem) as refused:
        selection.read_pool_csv(text)
    assert str(refused.value.message) == (
        "Line 3 (“p2”) has no value for age. Line 4 has no id. "
        "Line 5 repeats the person “p1” of line 2.")


def test_read_pool_csv_counts_lines_as_a_spreadsheet_shows_them_when_a_line_is_blank():
    with pytest.raises(SelectionProblem) as refused:
        selection.read_pool_csv("id,age\np1,65+\n\np1,16-39\n")
    assert str(refused.value.message) == "Line 4 repeats the person “p1” of line 2."


def test_read_pool_csv_accepts_semicolons_a_byte_order_mark_and_a_trailing_separator():
    people, categories = selection.read_pool_csv("\ufeffid ; age;gender;\np1; 65+ ;man;\n")
    assert categories == ["age", "gender"]
    assert people == [{"id": "p1", "age": "65+", "gender": "man"}]


def test_read_pool_csv_keeps_contact_columns_apart_from_categories():
    people, categories = selection.read_pool_csv(
        "id,name,age,email\np1,Ana,65+,ana@example.org\np2,,16-39,\n", ("name", "email"))
    assert categories == ["age"]
    assert people == [{"id": "p1", "age": "65+", "name": "Ana", "email": "ana@example.org"},
                      {"id": "p2", "age": "16-39"}]


def test_quotas_csv_and_pool_csv_read_back_the_same():
    quotas = selection.read_quotas_csv(QUOTAS)
    assert selection.read_quotas_csv(selection.quotas_csv(quotas)) == quotas
    people, categories = selection.read_pool_csv(POOL)
    published = selection.pool_csv(people[::-1], categories)  # sorted by id whatever the order
    assert published == POOL
    assert selection.sha256(published) == selection.sha256(POOL)
    assert len(selection.sha256(published)) == 64


def test_a_draw_past_its_time_limit_fails_cleanly_with_advice(monkeypatch):
    monkeypatch.setattr(selection, "SOLVER_SECONDS", 0.01)
    with pytest.raises(SelectionProblem) as refused:
        selection.draw(make_pool(), CATEGORIES, LOOSE_QUOTAS, 6, 7)
    assert "did not finish within 0.01 seconds" in str(refused.value.message)
    assert "Relax the tightest quotas" in str(refused.value.message)
