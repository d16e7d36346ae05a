"""What a draw publishes of its pool: only what the quotas need, no group under five, and a
draw that runs on exactly that when the quotas allow it."""

from __future__ import annotations

import csv
import io
import itertools
import random
from collections import Counter

import pytest

from consult import jobs
from consult.assemblies import pool_privacy
from consult.assemblies import setup as assemblies
from consult.models import RatingScale
from consult.sortition import selection
from consult.sortition.selection import Quota
from tests.fixtures.assemblies import CATEGORIES, QUOTAS, SEATS

HOUSING = {"name": "housing", "values": ["owner", "renter"]}


def _people(pairs: dict[tuple[str, str], int]) -> list[dict[str, str]]:
    rows = []
    for (age, gender), count in pairs.items():
        rows += [{"age": age, "gender": gender} for _ in range(count)]
    return [{"id": f"P{n:03}", **row} for n, row in enumerate(rows)]


def _groups(text: str) -> Counter:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return Counter(tuple(row[1:]) for row in rows)


def test_minimise_leaves_out_a_category_no_quota_can_bind():
    people = [{**p, "housing": "owner"} for p in _people({("65+", "man"): 10})]
    quotas = [*QUOTAS, Quota("housing", "owner", 0, SEATS), Quota("housing", "renter", 0, 2)]

    needed = pool_privacy.minimise(people, ["age", "gender", "housing"], quotas, SEATS)

    assert needed.categories == ["age", "gender"] and needed.left_out == ["housing"]
    assert [q for q in needed.quotas if q.category == "housing"] == []
    assert all("housing" not in row for row in needed.people)


def test_minimise_merges_the_values_whose_quotas_cannot_bind_into_one_group():
    people = _people({("16-39", "woman"): 3, ("40-64", "man"): 2, ("65+", "woman"): 4})
    quotas = [Quota("age", "16-39", 0, 6), Quota("age", "40-64", 0, 6), Quota("age", "65+", 1, 3),
              Quota("gender", "woman", 2, 4), Quota("gender", "man", 2, 4)]

    needed = pool_privacy.minimise(people, ["age", "gender"], quotas, SEATS)

    merged = "16-39 / 40-64"
    assert Quota("age", merged, 0, 12) in needed.quotas
    assert Quota("age", "65+", 1, 3) in needed.quotas
    assert Counter(row["age"] for row in needed.people) == {merged: 5, "65+": 4}
    assert [row["id"] for row in needed.people] == [p["id"] for p in people]


def test_minimise_keeps_one_group_when_no_quota_binds_at_all():
    people = _people({("65+", "man"): 3, ("16-39", "woman"): 3})
    quotas = [Quota("age", v, 0, 6) for v in ("16-39", "40-64", "65+")]

    needed = pool_privacy.minimise(people, ["age"], quotas, SEATS)

    assert needed.categories == ["age"]
    assert needed.quotas == [Quota("age", "16-39 / 40-64 / 65+", 0, 18)]
    assert {row["age"] for row in needed.people} == {"16-39 / 40-64 / 65+"}


def test_public_pool_is_the_draws_own_pool_when_every_group_has_five():
    text = selection.pool_csv(_people({("65+", "man"): 5, ("16-39", "woman"): 7}),
                              ["age", "gender"])

    public = pool_privacy.public_pool(text)

    assert public.exact and public.text == text and public.hidden_values == 0


@pytest.mark.parametrize("seed", range(5))
def test_public_pool_leaves_no_combination_shared_by_fewer_than_five(seed):
    rng = random.Random(seed)
    values = [("16-39", "40-64", "65+"), ("woman", "man", "another"), ("north", "south")]
    people = [{"id": f"P{n:03}", "age": rng.choice(values[0]), "gender": rng.choice(values[1]),
               "area": rng.choice(values[2])} for n in range(60)]
    text = selection.pool_csv(people, ["age", "gender", "area"])

    public = pool_privacy.public_pool(text)

    groups = _groups(public.text)
    assert min(groups.values()) >= pool_privacy.MIN_GROUP or (
        # rows with every value hidden tell nothing, however few they are
        all(key == ("*", "*", "*") for key, n in groups.items() if n < pool_privacy.MIN_GROUP))
    assert public.hidden_values == public.text.count("*") > 0
    original = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    for row in csv.DictReader(io.StringIO(public.text)):  # hidden, never changed
        assert all(row[c] in (original[row["id"]][c], "*") for c in ("age", "gender", "area"))


def _assembly(db, assembly_plan, people: int, categories=CATEGORIES, quotas=QUOTAS):
    plan, facilitator = assembly_plan
    assembly = assemblies.create_assembly(db.session, facilitator, plan, "Assembly", SEATS,
                                          categories, RatingScale.THREE)
    assemblies.set_quotas(db.session, facilitator, assembly, quotas)
    pairs = itertools.cycle(itertools.product(CATEGORIES[0]["values"],
                                              CATEGORIES[1]["values"]))
    for number, (age, gender) in zip(range(people), pairs, strict=False):
        assemblies.volunteer(db.session, assembly, "", f"v{number}@example.org", "",
                             {"age": age, "gender": gender, "housing": "owner"})
    db.session.commit()
    return assembly


def test_a_draw_whose_pool_has_five_per_group_re_runs_exactly_from_the_public_files(
        db, assembly_plan):
    quotas = [*QUOTAS, Quota("housing", "owner", 0, SEATS), Quota("housing", "renter", 0, SEATS)]
    assembly = _assembly(db, assembly_plan, 30, [*CATEGORIES, HOUSING], quotas)
    draw = assemblies.start_draw(db.session, assembly_plan[1], assembly, seed=77)
    db.session.commit()
    jobs.run_pending()
    db.session.refresh(draw)

    record = assemblies.record_of(draw)
    assert record["public_rerun_exact"] and record["hidden_values"] == 0
    assert record["published_categories"] == ["age", "gender"]
    assert record["left_out_categories"] == ["housing"]  # no quota can bind it
    public = pool_privacy.public_pool(draw.pool_csv).text
    assert selection.sha256(public) == draw.pool_sha256 == record["public_pool_sha256"]
    people, categories = selection.read_pool_csv(public)
    rerun = selection.draw(people, categories, [Quota(**q) for q in record["quotas"]],
                           record["seats"], record["seed"])
    assert rerun.selected == draw.selected and len(draw.selected) == SEATS
