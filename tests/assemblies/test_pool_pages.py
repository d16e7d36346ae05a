"""The pool of volunteers as facilitators read it: a page at a time."""

from __future__ import annotations

import io

from consult.assemblies.pool import POOL_PAGE
from consult.models import Volunteer
from tests.assemblies.test_facilitate_assembly import CSV_HEADER, html_of, post


def test_a_large_pool_is_listed_a_page_at_a_time(db, client_as, assembly):

    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/pool"
    rows = "".join(f"L-{n},16-39,woman,Person {n},\n" for n in range(POOL_PAGE))
    response = post(client, f"{path}/import",
                    {"file": (io.BytesIO((CSV_HEADER + rows).encode()), "pool.csv")},
                    page=path, content_type="multipart/form-data")
    assert response.status_code == 302
    total = db.session.query(Volunteer).count()
    first, second = html_of(client.get(path)), html_of(client.get(f"{path}?page=2"))
    assert f"{total} volunteers" in first and "Page 1 of 2" in first
    assert first.count("<th scope=\"row\">") == POOL_PAGE
    assert second.count("<th scope=\"row\">") == total - POOL_PAGE
    assert f"Person {POOL_PAGE - 1}" in second and f"Person {POOL_PAGE - 1}<" not in first
