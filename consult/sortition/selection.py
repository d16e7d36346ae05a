"""Stratified random selection of an assembly, on plain data.

The pool is a list of people (a pool id and one value per category); quotas give, for each
value of each category, the least and the most seats it may take. The fair distribution over
panels is that of Flanigan et al. (Nature 2021): LEXIMIN by default, which makes the least
likely volunteer as likely as the quotas allow, then the next least likely, and so on; or
MAXIMIN, only the first of those steps. Both are solved over types of interchangeable
volunteers (the same value in every category) by column generation on the open HiGHS solver
(consult.sortition.column_generation, leximin): seconds where the library took minutes. NASH
still comes from `sortition-algorithms`. One panel is then drawn from the distribution with
the seed.

The library's results depend on Python's string hashing, which changes with every process, so
the solver runs in a child process with a fixed hash seed, and the solver over types runs
HiGHS on one thread with a fixed seed: the same pool, quotas, size and seed give the same
panel on any machine. Everything here is checked before the solver runs, so a
refusal names the quota, the category or the pool line at fault.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import version

from flask_babel import lazy_gettext as _l

from consult.core.csv_reading import csv_delimiter
from consult.core.errors import ConsultError

ALGORITHMS = ("leximin", "maximin", "nash")
DEFAULT_ALGORITHM = "leximin"
ID_COLUMN = "id"
QUOTA_COLUMNS = ("category", "value", "min", "max")
MAX_SEED = 2**31 - 1  # the library's random provider takes 32-bit seeds
# The longest a draw may run: seconds over types, but NASH or a pathological pool may not end.
SOLVER_SECONDS = 600


class SelectionProblem(ConsultError):
    """The inputs cannot give a panel; the message says which part and why."""

    status = 422


@dataclass(frozen=True)
class Quota:
    category: str
    value: str
    min: int
    max: int

    @property
    def name(self) -> str:
        return f"{self.category} = {self.value}"


@dataclass
class Outcome:
    selected: list[str]  # pool ids, in pool order
    probabilities: dict[str, float]  # pool id -> chance of being selected
    algorithm: str
    panels: int = 0  # panels in the distribution the lottery drew from
    extra: dict = field(default_factory=dict)

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values())

    @property
    def max_probability(self) -> float:
        return max(self.probabilities.values())


def algorithm_name(algorithm: str = DEFAULT_ALGORITHM) -> str:
    """The algorithm as the published record names it, with what computed it."""
    if algorithm == "nash":
        return f"nash (sortition-algorithms {version('sortition-algorithms')}, HiGHS)"
    return f"{algorithm} over types of volunteers (column generation, HiGHS {version('highspy')})"


# --- reading plain files -----------------------------------------------------------------------

def _reader(text: str) -> csv.DictReader:
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    return csv.DictReader(io.StringIO(text), delimiter=csv_delimiter(first_line))


def _rows(reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number as a spreadsheet shows it, row with trimmed keys and values) for each row.
    Values past the last column, such as a trailing separator leaves, are dropped."""
    for row in reader:
        yield reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items()
                                if k is not None}


def read_pool_csv(text: str, other_columns: tuple[str, ...] = ()
                  ) -> tuple[list[dict[str, str]], list[str]]:
    """People and category names from a pool CSV: an `id` column, one column per category.
    `other_columns` (contact details, say) are kept on each person but are not categories."""
    reader = _reader(text)
    headers = [h.strip() for h in reader.fieldnames or []]
    if ID_COLUMN not in headers:
        raise SelectionProblem(_l("The pool has no “id” column."))
    categories = [h for h in headers if h and h != ID_COLUMN and h not in other_columns]
    if not categories:
        raise SelectionProblem(_l("The pool has no category columns besides “id”."))
    people, seen, problems = [], {}, []
    for line, row in _rows(reader):
        person_id = row.get(ID_COLUMN, "")
        missing = [c for c in categories if not row.get(c)]
        if not person_id:
            problems.append(_l("Line %(line)s has no id.", line=line))
        elif person_id in seen:
            problems.append(_l("Line %(line)s repeats the person “%(id)s” of line %(first)s.",
                               line=line, id=person_id, first=seen[person_id]))
        elif missing:
            problems.append(_l("Line %(line)s (“%(id)s”) has no value for %(categories)s.",
                               line=line, id=person_id, categories=", ".join(missing)))
        seen.setdefault(person_id, line)
        people.append({ID_COLUMN: person_id, **{c: row.get(c, "") for c in categories},
                       **{c: row[c] for c in other_columns if row.get(c)}})
    if problems:
        raise SelectionProblem(" ".join(str(p) for p in problems[:10]))
    return people, categories


def read_quotas_csv(text: str) -> list[Quota]:
    """Quotas from a CSV with the columns category, value, min, max."""
    reader = _reader(text)
    headers = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in QUOTA_COLUMNS if c not in headers]
    if missing:
        raise SelectionProblem(_l("The quotas need the columns category, value, min and max; "
                                  "missing: %(columns)s.", columns=", ".join(missing)))
    quotas = []
    for line, row in _rows(reader):
        try:
            low, high = int(row["min"]), int(row["max"])
        except ValueError:
            raise SelectionProblem(_l("Line %(line)s of the quotas: min and max must be whole "
                                      "numbers.", line=line)) from None
        quotas.append(Quota(row["category"], row["value"], low, high))
    return quotas


# --- checks --------------------------------------------------------------------------------

def check(people: list[dict[str, str]], categories: list[str], quotas: list[Quota],
          size: int) -> None:
    """Refuse, with the reason, inputs that cannot give a panel meeting every quota."""
    if size < 1:
        raise SelectionProblem(_l("The assembly needs at least one seat."))
    if len(people) < size:
        raise SelectionProblem(_l("The pool has %(pool)s people, fewer than the %(size)s seats.",
                                  pool=len(people), size=size))
    if not quotas:
        raise SelectionProblem(_l("Set the quotas before the draw."))
    by_category: dict[str, list[Quota]] = {}
    for quota in quotas:
        if quota.category not in categories:
            raise SelectionProblem(_l("The quotas name the category “%(category)s”, which the "
                                      "pool does not have.", category=quota.category))
        if quota.min < 0 or quota.max < quota.min:
            raise SelectionProblem(_l("The quota %(quota)s must have 0 ≤ min ≤ max.",
                                      quota=quota.name))
        if any(q.value == quota.value for q in by_category.get(quota.category, [])):
            raise SelectionProblem(_l("The quota %(quota)s is given twice.", quota=quota.name))
        by_category.setdefault(quota.category, []).append(quota)
    for category, group in by_category.items():
        _check_category(people, category, group, size)


def _check_category(people, category: str, group: list[Quota], size: int) -> None:
    lowest, highest = sum(q.min for q in group), sum(q.max for q in group)
    if lowest > size:
        raise SelectionProblem(_l("The minimums for “%(category)s” add up to %(total)s, more "
                                  "than the %(size)s seats.", category=category, total=lowest,
                                  size=size))
    if highest < size:
        raise SelectionProblem(_l("The maximums for “%(category)s” add up to %(total)s, fewer "
                                  "than the %(size)s seats.", category=category, total=highest,
                                  size=size))
    counts = Counter(person[category] for person in people)
    known = {q.value for q in group}
    unknown = sorted(set(counts) - known)
    if unknown:
        raise SelectionProblem(_l("Some people in the pool have “%(category)s” = %(values)s, "
                                  "which has no quota.", category=category,
                                  values=", ".join(unknown)))
    for quota in group:
        if counts[quota.value] < quota.min:
            raise SelectionProblem(_l("The quota %(quota)s asks for at least %(min)s seats but "
                                      "only %(count)s people in the pool have it.",
                                      quota=quota.name, min=quota.min,
                                      count=counts[quota.value]))


# --- the published record ----------------------------------------------------------------------

def pool_csv(people: list[dict[str, str]], categories: list[str]) -> str:
    """The pool as anyone may re-run it: ids and categories only, in a fixed order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([ID_COLUMN, *categories])
    for person in sorted(people, key=lambda p: p[ID_COLUMN]):
        writer.writerow([person[ID_COLUMN], *(person[c] for c in categories)])
    return out.getvalue()


def quotas_csv(quotas: list[Quota]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(QUOTA_COLUMNS)
    for quota in quotas:
        writer.writerow([quota.category, quota.value, quota.min, quota.max])
    return out.getvalue()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- the draw ----------------------------------------------------------------------------------

def draw(people: list[dict[str, str]], categories: list[str], quotas: list[Quota], size: int,
         seed: int, algorithm: str = DEFAULT_ALGORITHM) -> Outcome:
    """One panel meeting every quota, reproducible from the seed."""
    if algorithm not in ALGORITHMS:
        raise SelectionProblem(_l("Unknown selection algorithm."))
    if not 0 < seed <= MAX_SEED:
        raise SelectionProblem(_l("The seed is a whole number from 1 to %(max)s.", max=MAX_SEED))
    check(people, categories, quotas, size)
    people = [{ID_COLUMN: p[ID_COLUMN], **{c: p[c] for c in categories}}  # the published pool
              for p in sorted(people, key=lambda p: p[ID_COLUMN])]
    request = {"people": people, "categories": categories, "size": size, "seed": seed,
               "algorithm": algorithm, "quotas": [asdict(q) for q in quotas]}
    result = _run_child(request)
    if "relaxed" in result:
        raise SelectionProblem(_infeasible_message(quotas, result["relaxed"]))
    order = {p[ID_COLUMN]: i for i, p in enumerate(people)}
    return Outcome(selected=sorted(result["selected"], key=order.__getitem__),
                   probabilities=result["probabilities"], algorithm=algorithm_name(algorithm),
                   panels=result["panels"])


def _infeasible_message(quotas: list[Quota], relaxed: dict) -> str:
    changes = []
    for quota in quotas:
        new = relaxed.get(f"{quota.category}\t{quota.value}")
        if new and (new[0] != quota.min or new[1] != quota.max):
            changes.append(str(_l("%(quota)s: min %(old_min)s → %(min)s, max %(old_max)s → "
                                  "%(max)s", quota=quota.name, old_min=quota.min, min=new[0],
                                  old_max=quota.max, max=new[1])))
    message = str(_l("The quotas cannot all be met together with this pool."))
    if changes:
        message += " " + str(_l("The smallest change that would work: %(changes)s.",
                                changes="; ".join(changes)))
    return message


def _run_child(request: dict) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "consult.sortition.solver"], input=json.dumps(request),
            capture_output=True, text=True, env=env, check=False, timeout=SOLVER_SECONDS)
    except subprocess.TimeoutExpired:
        raise SelectionProblem(_l(
            "The draw did not finish within %(seconds)s seconds. Relax the tightest quotas "
            "(widen their ranges) or try again.", seconds=SOLVER_SECONDS)) from None
    if completed.returncode != 0:
        raise RuntimeError(f"the selection solver failed: {completed.stderr[-2000:]}")
    return json.loads(completed.stdout)
