"""The assembly service: quotas, the volunteer pool, the panel draw and its replacements.

Tests that run the lottery do so through the real job and solver; the others stop before.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult import jobs
from consult.assemblies import setup as assemblies
from consult.core.errors import Conflict, ConsultError, NotAllowed
from consult.models import Draw, DrawKind, DrawStatus, RatingScale, Volunteer
from consult.sortition import selection
from consult.sortition.selection import Quota, SelectionProblem
from tests.fixtures.assemblies import CATEGORIES, QUOTAS, SEATS


def count_volunteers(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Volunteer))


def run_jobs(db) -> None:
    db.session.commit()
    jobs.run_pending()
    db.session.expire_all()


def assert_meets_quotas(assembly, seated, quotas=QUOTAS) -> None:
    held = assemblies.composition(seated, assembly)
    for quota in quotas:
        assert quota.min <= held[quota.category][quota.value] <= quota.max, quota.name


# --- quotas --------------------------------------------------------------------------------------

def replace(quota: Quota, **change) -> list[Quota]:
    return [Quota(**{**vars(q), **change}) if q == quota else q for q in QUOTAS]


@pytest.mark.parametrize(("quotas", "message"), [
    (QUOTAS + [Quota("age", "80+", 0, 1)],
     "The quota age = 80+ names a value the assembly does not have."),
    (QUOTAS + [Quota("area", "north", 0, 1)],
     "The quota area = north names a value the assembly does not have."),
    (replace(QUOTAS[0], min=3, max=2), "The quota age = 16-39 must have 0 ≤ min ≤ max."),
    (replace(QUOTAS[0], min=-1), "The quota age = 16-39 must have 0 ≤ min ≤ max."),
    (replace(QUOTAS[0], min=5, max=5),
     "The minimums for “age” add up to 7, more than the 6 seats."),
    (replace(QUOTAS[4], min=0, max=1),
     "The maximums for “gender” add up to 5, fewer than the 6 seats."),
], ids=["unknown-value", "unknown-category", "min-above-max", "negative-min",
        "minimums-above-size", "maximums-below-size"])
def test_set_quotas_refused_with_the_reason(db, assembly, assembly_plan, quotas, message):
    with pytest.raises(ConsultError) as refused:
        assemblies.set_quotas(db.session, assembly_plan[1], assembly, quotas)
    assert str(refused.value.message) == message
    assert assemblies.quotas_of(assembly) == QUOTAS


def test_set_quotas_accepts_minimums_that_fill_every_seat(db, assembly, assembly_plan):
    exact = [Quota("age", "16-39", 2, 2), Quota("age", "40-64", 2, 2), Quota("age", "65+", 2, 2),
             Quota("gender", "woman", 3, 3), Quota("gender", "man", 3, 3)]
    assemblies.set_quotas(db.session, assembly_plan[1], assembly, exact)
    assert assemblies.quotas_of(assembly) == exact


def test_set_quotas_refused_once_the_panel_draw_started(db, assembly, assembly_plan):
    facilitator = assembly_plan[1]
    assemblies.start_draw(db.session, facilitator, assembly, seed=7)
    with pytest.raises(NotAllowed):
        assemblies.set_quotas(db.session, facilitator, assembly, QUOTAS)


# --- the pool ------------------------------------------------------------------------------------

def test_volunteer_joins_the_pool_with_a_private_reference(db, assembly):
    person = assemblies.volunteer(db.session, assembly, " Ana ", "", "0612345678",
                                  {"age": "65+", "gender": "woman"})
    db.session.flush()
    assert person.name == "Ana" and person.phone == "0612345678"
    assert person.reference.startswith("V") and len(person.reference) == 9
    assert not person.is_member


@pytest.mark.parametrize(("email", "phone", "attributes", "message"), [
    ("", "", {"age": "65+", "gender": "woman"}, "Give an email address or a phone number"),
    ("  ", " ", {"age": "65+", "gender": "woman"}, "Give an email address or a phone number"),
    ("ana@example.org", "", {"age": "65+"}, "Choose a value for “gender”."),
    ("ana@example.org", "", {"age": "90+", "gender": "woman"}, "Choose a value for “age”."),
], ids=["no-contact", "blank-contact", "missing-category", "unknown-value"])
def test_volunteer_refused_without_a_contact_or_valid_attributes(db, assembly, email, phone,
                                                                 attributes, message):
    before = count_volunteers(db)
    with pytest.raises(ConsultError) as refused:
        assemblies.volunteer(db.session, assembly, "Ana", email, phone, attributes)
    assert message in str(refused.value.message)
    assert count_volunteers(db) == before


def test_volunteer_refused_when_the_assembly_no_longer_recruits(db, assembly):
    assembly.recruiting = False
    with pytest.raises(NotAllowed):
        assemblies.volunteer(db.session, assembly, "Ana", "ana@example.org", "",
                             {"age": "65+", "gender": "woman"})


POOL_FILE = (b"id,name,email,age,gender\n"
             b"R1,Ana,ana@example.org,65+,woman\n"
             b"R2,Bo,,16-39,man\n"
             b"R3,,cy@example.org,40-64,woman\n")


def test_import_pool_adds_every_row(db, assembly, assembly_plan):
    before = count_volunteers(db)
    added = assemblies.import_pool(db.session, assembly_plan[1], assembly, POOL_FILE)
    assert added == 3
    assert count_volunteers(db) == before + 3
    ana = db.session.scalar(select(Volunteer).where(Volunteer.reference == "R1"))
    assert (ana.name, ana.email, ana.imported) == ("Ana", "ana@example.org", True)
    assert ana.attributes == {"age": "65+", "gender": "woman"}


@pytest.mark.parametrize(("data", "message"), [
    (POOL_FILE + b"R4,Di,di@example.org,90+,woman\n",
     "Line 5: “90+” is not a value of “age” (16-39, 40-64, 65+)."),
    (POOL_FILE + b"R1,Ana again,,65+,woman\n", "Line 5 repeats the person “R1” of line 2."),
    (POOL_FILE.replace(b",gender\n", b",sex\n"), "The file has no column for gender."),
    (POOL_FILE.replace(b"R2,Bo,,16-39,man", b"R2,Bo,,16-39,"), "Line 3 (“R2”) has no value"),
], ids=["unknown-value", "duplicate-in-file", "missing-column", "missing-attribute"])
def test_import_pool_adds_nothing_when_a_row_is_wrong(db, assembly, assembly_plan, data,
                                                      message):
    before = count_volunteers(db)
    with pytest.raises(SelectionProblem) as refused:
        assemblies.import_pool(db.session, assembly_plan[1], assembly, data)
    assert message in str(refused.value.message)
    assert count_volunteers(db) == before


def test_import_pool_adds_nothing_when_a_reference_is_already_in_the_pool(db, assembly,
                                                                        assembly_plan):
    facilitator = assembly_plan[1]
    assemblies.import_pool(db.session, facilitator, assembly, POOL_FILE)
    before = count_volunteers(db)
    again = b"id,age,gender\nR9,65+,man\nR2,16-39,man\n"
    with pytest.raises(SelectionProblem) as refused:
        assemblies.import_pool(db.session, facilitator, assembly, again)
    assert str(refused.value.message) == "Line 3: “R2” is already in the pool."
    assert count_volunteers(db) == before


# --- the panel draw ------------------------------------------------------------------------------

def test_start_draw_records_the_pool_it_draws_from(db, assembly, assembly_plan):
    draw = assemblies.start_draw(db.session, assembly_plan[1], assembly, seed=123)
    assert draw.status is DrawStatus.RUNNING and draw.kind is DrawKind.PANEL
    assert draw.seed == 123 and draw.size == SEATS and draw.pool_size == 24
    assert draw.pool_sha256 == selection.sha256(draw.pool_csv)
    assert draw.pool_csv.startswith("id,age,gender\n")
    assert "@" not in draw.pool_csv and "Volunteer" not in draw.pool_csv  # no personal data


def test_start_draw_picks_a_seed_when_none_is_given(db, assembly, assembly_plan):
    draw = assemblies.start_draw(db.session, assembly_plan[1], assembly)
    assert 1 <= draw.seed <= selection.MAX_SEED


@pytest.mark.parametrize("seed", [0, -1, selection.MAX_SEED + 1])
def test_start_draw_refuses_a_seed_out_of_range(db, assembly, assembly_plan, seed):
    with pytest.raises(SelectionProblem):
        assemblies.start_draw(db.session, assembly_plan[1], assembly, seed=seed)
    assert assembly.draws == []


def test_start_draw_refuses_a_pool_smaller_than_the_assembly(db, assembly_plan):
    plan, facilitator = assembly_plan
    assembly = assemblies.create_assembly(db.session, facilitator, plan, "Small", SEATS,
                                          CATEGORIES, RatingScale.THREE)
    assemblies.set_quotas(db.session, facilitator, assembly, QUOTAS)
    for number in range(3):
        assemblies.volunteer(db.session, assembly, "", f"v{number}@example.org", "",
                             {"age": "65+", "gender": "man"})
    with pytest.raises(SelectionProblem) as refused:
        assemblies.start_draw(db.session, facilitator, assembly, seed=1)
    assert str(refused.value.message) == "The pool has 3 people, fewer than the 6 seats."


def test_start_draw_refused_while_a_panel_draw_runs(db, assembly, assembly_plan):
    facilitator = assembly_plan[1]
    assemblies.start_draw(db.session, facilitator, assembly, seed=1)
    with pytest.raises(Conflict):
        assemblies.start_draw(db.session, facilitator, assembly, seed=2)
    with pytest.raises(Conflict):
        assemblies.start_replacement(db.session, facilitator, assembly, seed=3)


def test_start_draw_allowed_again_after_a_failed_draw(db, assembly, assembly_plan):
    facilitator = assembly_plan[1]
    failed = assemblies.start_draw(db.session, facilitator, assembly, seed=1)
    assemblies.fail_draw(db.session, failed)
    retry = assemblies.start_draw(db.session, facilitator, assembly, seed=2)
    assert assemblies.panel_draw(assembly) is retry


def test_the_published_record_draws_the_same_panel_again(db, drawn):
    assembly, _ = drawn
    draw = assemblies.panel_draw(assembly)
    assert draw.status is DrawStatus.DONE, draw.error
    record = assemblies.record_of(draw)
    assert record["pool_sha256"] == selection.sha256(draw.pool_csv)
    assert record["seed"] == 20261123 and record["seats"] == SEATS
    assert "--seed 20261123" in record["rerun"]

    people, categories = selection.read_pool_csv(draw.pool_csv)
    again = selection.draw(people, categories, [Quota(**q) for q in record["quotas"]],
                           record["seats"], record["seed"])
    assert again.selected == record["selected"]
    assert sorted(record["selected"]) == sorted(v.reference for v in assemblies.members(assembly))
    assert record["min_probability"] == pytest.approx(again.min_probability)


def test_execute_draw_seats_a_panel_and_closes_recruiting(db, drawn):
    assembly, _ = drawn
    seated = assemblies.members(assembly)
    assert len(seated) == SEATS
    assert_meets_quotas(assembly, seated)
    assert not assembly.recruiting
    chances = [v.probability for v in assembly.volunteers]
    assert sum(chances) == pytest.approx(SEATS, abs=1e-6)
    with pytest.raises(Conflict):
        assemblies.start_draw(db.session, drawn[1], assembly, seed=5)


def test_execute_draw_fails_the_draw_naming_a_quota_when_quotas_cannot_be_met(db,
                                                                              assembly_plan):
    plan, facilitator = assembly_plan
    assembly = assemblies.create_assembly(
        db.session, facilitator, plan, "Older men", 4,
        [{"name": "age", "values": ["under 65", "65+"]},
         {"name": "gender", "values": ["woman", "man"]}], RatingScale.THREE)
    # Every volunteer aged 65+ is a man: two of them and at most one man cannot both hold.
    assemblies.set_quotas(db.session, facilitator, assembly, [
        Quota("age", "65+", 2, 4), Quota("age", "under 65", 0, 4),
        Quota("gender", "man", 0, 1), Quota("gender", "woman", 0, 4)])
    for number in range(10):
        assemblies.volunteer(db.session, assembly, "", f"v{number}@example.org", "", {
            "age": "65+" if number < 3 else "under 65",
            "gender": "man" if number < 3 or number % 2 else "woman"})
    draw = assemblies.start_draw(db.session, facilitator, assembly, seed=9)
    run_jobs(db)
    draw = db.session.get(Draw, draw.id)
    assert draw.status is DrawStatus.FAILED
    assert "gender = man" in draw.error or "age = 65+" in draw.error
    assert assemblies.members(assembly) == []
    assert assemblies.panel_draw(assembly) is None  # the facilitator may change quotas, retry


# --- drop-outs and replacements ------------------------------------------------------------------

def test_start_replacement_refused_when_every_seat_is_taken(db, drawn):
    assembly, facilitator = drawn
    with pytest.raises(Conflict) as refused:
        assemblies.start_replacement(db.session, facilitator, assembly, seed=4)
    assert "Every seat is taken" in str(refused.value.message)


def test_replacements_fill_the_empty_seats_within_the_original_quotas(db, drawn):
    assembly, facilitator = drawn
    leaving = assemblies.members(assembly)[:2]
    nonce = leaving[0].token_nonce
    for member in leaving:
        assemblies.drop_out(db.session, facilitator, member)
    assert leaving[0].token_nonce != nonce  # their invitation link stops working
    seated = assemblies.members(assembly)
    assert len(seated) == SEATS - 2
    remaining = assemblies.remaining_quotas(assembly, seated)
    held = assemblies.composition(seated, assembly)
    for quota, left in zip(QUOTAS, remaining, strict=True):
        assert left.max == quota.max - held[quota.category][quota.value]

    draw = assemblies.start_replacement(db.session, facilitator, assembly, seed=77)
    assert draw.kind is DrawKind.REPLACEMENT and draw.size == 2
    run_jobs(db)
    draw = db.session.get(Draw, draw.id)
    assert draw.status is DrawStatus.DONE, draw.error
    seated = assemblies.members(assembly)
    assert len(seated) == SEATS
    assert_meets_quotas(assembly, seated)
    assert not set(draw.selected) & {v.reference for v in leaving}
    assert not any(member.is_member for member in leaving)


def test_drop_out_refused_for_someone_not_on_the_panel(db, assembly, assembly_plan):
    with pytest.raises(ConsultError):
        assemblies.drop_out(db.session, assembly_plan[1], assembly.volunteers[0])
    assert assembly.volunteers[0].dropped_out_at is None
