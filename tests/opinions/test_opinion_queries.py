"""The opinion pages run as many SQL statements with twice the ideas and voters."""

import pytest

from tests.fixtures.queries import queries_for
from tests.opinions.planted import planted_consultation
from tests.opinions.test_computing import compute


@pytest.mark.parametrize("page", ["opinions", "vote", "idea"])
def test_the_query_count_does_not_grow_with_the_data(client, db, create_consultation,
                                                     create_submission, page):
    counts = []
    for scale in (1, 2):
        consultation, ideas = planted_consultation(db, create_consultation, create_submission,
                                                   ideas_count=10 * scale, per_bloc=8 * scale)
        compute(db, consultation)
        url = {"opinions": f"/consultations/{consultation.id}/opinions",
               "vote": f"/consultations/{consultation.id}/vote",
               "idea": f"/ideas/{ideas[-1].id}"}[page]
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1] and counts[0] > 0
