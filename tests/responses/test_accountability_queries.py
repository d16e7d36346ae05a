""""You said, we did" at any size: counted by the database, the report and the list of the ideas
behind a number run as many queries for 10 ideas as for 70, and the list is read a page at a
time."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.core.base import utcnow
from consult.models import ResponseStatus, ThemeMembership
from consult.responses.accountability import PER_PAGE
from tests.fixtures.accountability_data import answer, build_answered
from tests.fixtures.queries import queries_for


@pytest.fixture
def answered(db, create_consultation, create_submission):
    return build_answered(db, create_consultation, create_submission)


def grow(db, create_submission, data, count: int) -> None:
    """`count` more ideas in "Cycling", every other one answered on its own."""
    run_id = db.session.scalar(select(ThemeMembership.run_id).limit(1))
    for number in range(count):
        idea = create_submission(data.consultation, f"One more idea, number {number}")
        db.session.add(ThemeMembership(run_id=run_id, submission_id=idea.id,
                                       theme_id=data.themes["Cycling"].id))
        if number % 2:
            answer(db, data.consultation, idea=idea, status=ResponseStatus.ACCEPTED,
                   at=utcnow(), text="Yes.")
    db.session.commit()


def test_the_report_and_its_idea_lists_do_not_query_per_idea(db, client, answered,
                                                             create_submission):
    base = f"/consultations/{answered.consultation.id}/you-said-we-did"
    cycling = answered.themes["Cycling"].id
    urls = (base, f"{base}/print", f"{base}/ideas", f"{base}/ideas?answered=yes",
            f"{base}/ideas?theme={cycling}&status=accepted")
    before = [queries_for(client, url) for url in urls]

    grow(db, create_submission, answered, 60)

    assert [queries_for(client, url) for url in urls] == before
    listed = client.get(f"{base}/ideas?theme={cycling}").get_data(as_text=True)
    assert listed.count('class="card idea"') == PER_PAGE and "Page 1 of 2" in listed
    last = client.get(f"{base}/ideas?theme={cycling}&page=99").get_data(as_text=True)
    assert "Page 2 of 2" in last and last.count('class="card idea"') == 64 - PER_PAGE
    report = client.get(base).get_data(as_text=True)
    assert "70 ideas published" in report and "36 ideas answered" in report
