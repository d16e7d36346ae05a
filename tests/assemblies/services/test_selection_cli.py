"""`consult assembly draw`: anyone can re-run a published draw on plain files."""

from __future__ import annotations

import csv

import pytest

from consult.cli.assembly import assembly_group

POOL = "id,age,gender,name\n" + "".join(
    f"p{n:02d},{('16-39', '40-64', '65+')[n % 3]},{('woman', 'man')[n % 2]},Person {n}\n"
    for n in range(12))
QUOTAS = ("category,value,min,max\nage,16-39,1,3\nage,40-64,1,3\nage,65+,1,3\n"
          "gender,woman,2,4\ngender,man,2,4\n")
# Everyone aged 65+ is a man: at least two of them, but at most one man, cannot both hold.
OLDER_MEN_POOL = "id,age,gender\n" + "".join(
    f"p{n:02d},{'65+' if n < 4 else 'under 65'},{'man' if n < 4 or n % 2 else 'woman'}\n"
    for n in range(16))
INFEASIBLE_QUOTAS = ("category,value,min,max\nage,65+,2,4\nage,under 65,0,6\n"
                     "gender,man,0,1\ngender,woman,0,6\n")


@pytest.fixture
def files(tmp_path):
    """Write a pool and quotas; returns the command-line arguments, with `out` the panel."""
    def write(pool: str = POOL, quotas: str = QUOTAS, size: int = 6, seed: int = 42):
        (tmp_path / "pool.csv").write_text(pool, encoding="utf-8")
        (tmp_path / "quotas.csv").write_text(quotas, encoding="utf-8")
        return ["draw", "--pool", str(tmp_path / "pool.csv"),
                "--quotas", str(tmp_path / "quotas.csv"), "--size", str(size),
                "--seed", str(seed), "--out", str(tmp_path / "panel.csv")]

    write.out = tmp_path / "panel.csv"
    return write


def read_panel(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as panel:
        return list(csv.DictReader(panel))


def test_assembly_draw_writes_the_panel_rows_and_the_same_seed_gives_the_same_panel(runner,
                                                                                      files):
    result = runner.invoke(assembly_group, files())
    assert result.exit_code == 0, result.output
    panel = read_panel(files.out)
    assert len(panel) == 6
    assert set(panel[0]) == {"id", "age", "gender", "name"}  # the pool's own rows, whole
    women = sum(row["gender"] == "woman" for row in panel)
    assert 2 <= women <= 4
    assert "Selected 6 of 12 with leximin over types" in result.output
    assert "seed 42" in result.output and "Pool SHA-256 " in result.output

    again = runner.invoke(assembly_group, files())
    assert again.exit_code == 0, again.output
    assert read_panel(files.out) == panel


def test_assembly_draw_exits_2_naming_a_quota_when_quotas_cannot_be_met_together(runner, files):
    result = runner.invoke(assembly_group, files(pool=OLDER_MEN_POOL, quotas=INFEASIBLE_QUOTAS))
    assert result.exit_code == 2
    assert "cannot all be met together" in result.stderr
    assert "gender = man" in result.stderr or "age = 65+" in result.stderr
    assert not files.out.exists() or files.out.read_text() == ""


@pytest.mark.parametrize(("change", "message"), [
    ({"quotas": QUOTAS.replace("age,65+,1,3", "age,65+,5,5")},
     "The minimums for “age” add up to 7, more than the 6 seats."),
    ({"quotas": QUOTAS.replace("gender,man,2,4", "gender,man,0,1")},
     "The maximums for “gender” add up to 5, fewer than the 6 seats."),
    ({"quotas": QUOTAS + "area,north,0,6\n"}, "which the pool does not have"),
    ({"size": 20}, "The pool has 12 people, fewer than the 20 seats."),
    ({"pool": POOL + "p01,65+,man,Again\n"}, "Line 14 repeats the person “p01” of line 3."),
    ({"pool": POOL.replace("p02,65+,woman", "p02,,woman")}, "Line 4 (“p02”) has no value for age."),
    ({"quotas": "category,value,max\nage,65+,3\n"}, "missing: min"),
    ({"quotas": QUOTAS.replace("age,40-64,1,3", "age,40-64,1.5,3")},
     "Line 3 of the quotas: min and max must be whole numbers."),
    ({"quotas": QUOTAS.replace("age,65+,1,3\n", "")}, "“age” = 65+, which has no quota"),
    ({"seed": 0}, "The seed is a whole number from 1 to 2147483647."),
    ({"seed": -3}, "The seed is a whole number from 1 to 2147483647."),
], ids=["minimums-above-size", "maximums-below-size", "unknown-category", "pool-too-small",
        "duplicate-person", "missing-attribute", "quotas-missing-column", "non-integer-min",
        "value-without-quota", "seed-zero", "seed-negative"])
def test_assembly_draw_exits_2_with_the_reason_for_bad_inputs(runner, files, change, message):
    result = runner.invoke(assembly_group, files(**change))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not files.out.exists() or files.out.read_text() == ""


def test_assembly_draw_reads_a_pool_saved_with_semicolons(runner, files):
    result = runner.invoke(assembly_group, files(pool=POOL.replace(",", ";")))
    assert result.exit_code == 0, result.output
    assert len(read_panel(files.out)) == 6
