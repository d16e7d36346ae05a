"""What a draw publishes about its pool: only what the quotas need, and no combination of
values that fewer than `MIN_GROUP` volunteers share.

Two steps, and only the first changes what the draw runs on:

1. `minimise` (exact): a category whose quotas cannot bind is left out, and the values of a
   category whose quotas cannot bind are merged into one group. A quota cannot bind when its
   minimum is 0 and its maximum is at least the number of volunteers with the value, or the
   number of seats. The
   panels that meet the quotas are the same, and the draw runs on the minimised pool, so
   re-running it from the published files gives the same panel.
2. `public_pool` (for the public copy only): when some combination of the remaining values is
   still shared by fewer than `MIN_GROUP` volunteers, their values are hidden ("*"), one
   category at a time, the category with the most values first, until every group left has
   `MIN_GROUP` rows or more. The public copy then no longer re-runs the draw exactly: the
   full pool, whose SHA-256 the record keeps, does, for monitors and facilitators.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from consult.sortition.selection import ID_COLUMN, Quota

MIN_GROUP = 5  # demographic facts are public only for groups of 5 or more
HIDDEN = "*"
MERGED = " / "  # between the values merged into one group


@dataclass
class Minimised:
    people: list[dict[str, str]]
    categories: list[str]
    quotas: list[Quota]
    left_out: list[str] = field(default_factory=list)  # categories no quota can bind


def _binds(quota: Quota, count: int, size: int) -> bool:
    return quota.min > 0 or quota.max < min(count, size)


def minimise(people: list[dict[str, str]], categories: list[str], quotas: list[Quota],
             size: int) -> Minimised:
    """The pool and quotas the draw needs: the same panels meet them (see the module)."""
    result = Minimised([{ID_COLUMN: p[ID_COLUMN]} for p in people], [], [])
    for category in categories:
        group = [q for q in quotas if q.category == category]
        counts = Counter(person[category] for person in people)
        free = [q for q in group if not _binds(q, counts[q.value], size)]
        if len(free) == len(group):
            result.left_out.append(category)
        else:
            _keep(result, people, category, group, free)
    if not result.categories and categories:
        # No quota binds: a plain lottery. The solver still needs one category: one group.
        first = result.left_out.pop(0)
        group = [q for q in quotas if q.category == first]
        _keep(result, people, first, group, group)
    return result


def _keep(result: Minimised, people: list[dict[str, str]], category: str,
          group: list[Quota], free: list[Quota]) -> None:
    rename = {}
    if len(free) >= 2:
        label = MERGED.join(q.value for q in free)
        rename = dict.fromkeys((q.value for q in free), label)
        group = [q for q in group if q not in free]
        group.append(Quota(category, label, 0, sum(q.max for q in free)))
    result.categories.append(category)
    result.quotas.extend(group)
    for row, person in zip(result.people, people, strict=True):
        row[category] = rename.get(person[category], person[category])


@dataclass
class PublicPool:
    text: str  # the CSV anyone may download
    hidden_values: int = 0
    rows_with_hidden_values: int = 0

    @property
    def exact(self) -> bool:
        """Whether the public copy is the very pool the draw ran on."""
        return self.hidden_values == 0


def public_pool(pool_csv: str) -> PublicPool:
    """The draw's pool with no combination of values shared by fewer than MIN_GROUP rows."""
    lines = [row for row in csv.reader(io.StringIO(pool_csv)) if row]
    if not lines:
        return PublicPool(pool_csv)
    header, *rows = lines
    columns = range(1, len(header))
    distinct = {c: len({row[c] for row in rows}) for c in columns}
    hidden = set()
    for column in sorted(columns, key=lambda c: (-distinct[c], c)):
        sizes = Counter(tuple(row[1:]) for row in rows)
        small = [row for row in rows if sizes[tuple(row[1:])] < MIN_GROUP]
        if not small:
            break
        for row in small:
            row[column] = HIDDEN
            hidden.add(row[0])
    if not hidden:
        return PublicPool(pool_csv)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    cells = sum(row[1:].count(HIDDEN) for row in rows)
    return PublicPool(out.getvalue(), cells, len(hidden))
