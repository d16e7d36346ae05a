"""The officials' response queue: filters, counts, overdue ideas."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.core.base import utcnow
from consult.models import (
    ResponseStatus,
    Submission,
)
from consult.responses import answering as responses
from tests.fixtures.respond_pages import ideas_of, text_of, themes

S = ResponseStatus


@pytest.fixture
def official(client_as):
    return client_as("official")


# --- the queue -----------------------------------------------------------------------------------

def cards(response) -> int:
    return response.get_data(as_text=True).count('<article class="card">')


def counts(response) -> dict[str, int]:
    page = text_of(response)
    names = {"unanswered": "Ideas without a published answer", "drafts": "Ideas with a draft "
             "answer", "in_review": "Ideas whose answer waits for review",
             "answered": "Ideas with a published answer",
             "overdue": "Ideas unanswered past the deadline"}
    return {key: int(re.search(re.escape(name) + r" (\d+)", page).group(1))
            for key, name in names.items()}


@pytest.fixture
def answering(db, clustered, create_user):
    """The clustered consultation: theme 1 answered, one idea of theme 2 drafted and one in
    review, five ideas (in themes 2 and 3) arrived 40 days ago."""
    consultation, _, _ = clustered
    first, second, third = themes(db, consultation)
    official = create_user("official")
    answer = responses.draft_theme_answer(db.session, official, first, S.ACCEPTED, "")
    responses.publish(db.session, official, answer)
    drafted, reviewed = (db.session.get(Submission, i) for i in ideas_of(db, second)[:2])
    responses.draft_answer(db.session, official, drafted, S.ACCEPTED, "")
    responses.submit_for_review(db.session, official, responses.draft_answer(
        db.session, official, reviewed, S.NOT_ACCEPTED, "Out of our hands."))
    old = ideas_of(db, second)[:2] + ideas_of(db, third)[:3]
    for idea_id in old:
        db.session.get(Submission, idea_id).received_at = utcnow() - timedelta(days=40)
    db.session.commit()
    return consultation, (first, second, third), old


def test_the_queue_counts_where_the_answers_are(db, official, answering):
    consultation, (first, second, _), _ = answering
    response = official.get("/respond/")
    assert response.status_code == 200
    assert counts(response) == {"unanswered": 16, "drafts": 1, "in_review": 1, "answered": 8,
                                "overdue": 0}
    assert cards(response) == 16
    page = text_of(response)
    assert "Draft: Accepted" in page and "Waiting for review: Not accepted" in page
    assert 'class="tag">Overdue<' not in response.get_data(as_text=True)
    themed = official.get(f"/respond/?consultation={consultation.id}")
    table = text_of(themed).split("Answer a whole theme")[1].split("Ideas without")[0]
    assert f"{first.label} 8 0 Published: Accepted" in table
    assert f"{second.label} 8 8 Answer this theme" in table


def test_the_queue_filters_by_theme_age_and_area(db, official, answering):
    consultation, (_, second, _), old = answering
    by_theme = official.get(f"/respond/?consultation={consultation.id}&theme={second.id}")
    assert counts(by_theme) == {"unanswered": 8, "drafts": 1, "in_review": 1, "answered": 0,
                                "overdue": 0}
    assert cards(by_theme) == 8
    by_age = official.get("/respond/?age=30")
    assert counts(by_age)["unanswered"] == 5 and cards(by_age) == 5
    assert all(f"Idea {i} " in text_of(by_age) for i in old)
    north = db.session.scalars(select(Submission.id).where(Submission.area == "North")).all()
    unanswered_north = [i for i in north if i not in ideas_of(db, themes(db, consultation)[0])]
    by_area = official.get("/respond/?area=North")
    assert counts(by_area)["unanswered"] == len(unanswered_north) and 0 < len(
        unanswered_north) < 16
    assert cards(by_area) == len(unanswered_north)


def test_ideas_past_the_deadline_are_overdue(db, official, answering):
    consultation, _, _ = answering
    consultation.closes_at = utcnow() - timedelta(days=consultation.response_days + 1)
    db.session.commit()
    response = official.get("/respond/")
    assert counts(response)["overdue"] == 16
    assert response.get_data(as_text=True).count('class="tag">Overdue<') == 16


@pytest.mark.parametrize("query", [
    "age=abc", "age=12", "consultation=999999", "area=Atlantis", "page=0", "theme=999999",
])
def test_bad_filters_are_refused_with_a_message(db, official, answering, query):
    response = official.get(f"/respond/?{query}")
    assert response.status_code == 400
    assert "There is a problem" in text_of(response)
    assert "<title>Error:" in response.get_data(as_text=True)


def test_the_queue_is_paginated_and_keeps_its_filters(db, official, clustered):
    consultation, _, _ = clustered
    first = official.get(f"/respond/?consultation={consultation.id}")
    assert cards(first) == 20 and "Page 1 of 2" in text_of(first)
    next_link = f'href="/respond/?consultation={consultation.id}&amp;page=2"'
    assert next_link in first.get_data(as_text=True)
    second = official.get(f"/respond/?consultation={consultation.id}&page=2")
    assert cards(second) == 4 and "Page 2 of 2" in text_of(second)
