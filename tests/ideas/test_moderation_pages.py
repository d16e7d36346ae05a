"""The moderation queue at size: each of its three lists is paged with its own parameter,
shows its total, and the page's queries do not grow with the ideas waiting."""

from __future__ import annotations

import pytest

from consult.ideas import moderation
from consult.models import FlagReason, SubmissionStatus
from tests.fixtures.queries import queries_for

PER_PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(moderation, "MODERATION_PAGE", PER_PAGE)


@pytest.fixture
def consultation(create_consultation):
    return create_consultation(premoderated=True)


def add(create_submission, consultation, status, number):
    return [create_submission(consultation, text=f"{status.value} idea number {n}",
                              status=status) for n in range(number)]


def reported(db, create_submission, consultation, number):
    ideas = add(create_submission, consultation, SubmissionStatus.PUBLISHED, number)
    for n, idea in enumerate(ideas):
        for flagger in range(n + 1):  # the later ideas are reported more often
            moderation.flag(db.session, idea, None, f"key-{idea.id}-{flagger}", FlagReason.SPAM)
    db.session.commit()
    return ideas


def test_each_list_gives_one_page_and_its_total(db, consultation, create_submission):
    hidden = add(create_submission, consultation, SubmissionStatus.HIDDEN, 4)
    pending = add(create_submission, consultation, SubmissionStatus.PENDING, 5)
    flagged = reported(db, create_submission, consultation, 4)

    first = moderation.queue(db.session, consultation.id)
    later = moderation.queue(db.session, consultation.id, moderation.QueuePages(2, 2, 2))

    assert (first.pending.total, first.flagged.total, first.hidden.total) == (5, 4, 4)
    assert first.pending.items + later.pending.items == pending  # oldest first
    assert first.hidden.items + later.hidden.items == hidden[::-1]  # newest first
    assert [f.submission for f in first.flagged.items + later.flagged.items] == flagged[::-1]
    assert [len(f.flags) for f in first.flagged.items] == [4, 3, 2]
    assert (first.pending.pages, later.pending.page, len(later.pending.items)) == (2, 2, 2)


def test_the_queue_of_one_consultation_leaves_the_others_out(db, consultation,
                                                            create_consultation,
                                                            create_submission):
    other = create_consultation(premoderated=True)
    add(create_submission, other, SubmissionStatus.PENDING, 2)
    reported(db, create_submission, other, 1)
    mine = add(create_submission, consultation, SubmissionStatus.PENDING, 1)

    queue = moderation.queue(db.session, consultation.id)

    assert queue.pending.items == mine and queue.pending.total == 1
    assert queue.flagged.total == 0 and queue.flagged.items == []
    assert moderation.queue(db.session).pending.total == 3


def test_the_page_links_each_list_on_its_own(client_as, db, consultation, create_submission):
    add(create_submission, consultation, SubmissionStatus.HIDDEN, 4)
    add(create_submission, consultation, SubmissionStatus.PENDING, 1)
    client = client_as("facilitator")

    html = client.get(f"/facilitate/moderation?consultation={consultation.id}&hidden=2"
                      ).get_data(as_text=True)

    assert "Hidden ideas (4)" in html and "Waiting for pre-moderation (1)" in html
    assert html.count("hidden idea number") == 1  # the fourth, on the second page
    assert 'aria-label="Pages of the hidden ideas"' in html
    assert "Pages of the ideas waiting" not in html  # one page: no links
    assert f"consultation={consultation.id}" in html and "hidden=1" in html


@pytest.mark.parametrize("page", ["0", "-3", "many", "99999999999"])
def test_a_page_number_that_makes_no_sense_is_answered_with_a_page(client_as, consultation,
                                                                  create_submission, page):
    add(create_submission, consultation, SubmissionStatus.PENDING, 1)
    response = client_as("facilitator").get(f"/facilitate/moderation?pending={page}")

    assert response.status_code == 200
    assert "Waiting for pre-moderation (1)" in response.get_data(as_text=True)


def test_the_queue_runs_as_many_queries_for_many_ideas_as_for_few(client_as, db,
                                                                  consultation,
                                                                  create_submission):
    client = client_as("facilitator")
    path = "/facilitate/moderation"
    add(create_submission, consultation, SubmissionStatus.PENDING, 1)
    add(create_submission, consultation, SubmissionStatus.HIDDEN, 1)
    reported(db, create_submission, consultation, 1)
    few = queries_for(client, path)

    add(create_submission, consultation, SubmissionStatus.PENDING, 8)
    add(create_submission, consultation, SubmissionStatus.HIDDEN, 8)
    reported(db, create_submission, consultation, 5)

    assert queries_for(client, path) == few
