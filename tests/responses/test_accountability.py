"""You said, we did: counts by answer and per theme, share, median time, overdue per office."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

import pytest

from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotFound
from consult.models import Phase, ResponseStatus
from consult.responses import accountability
from consult.responses.answers import deadline
from tests.fixtures.accountability_data import answer, build_answered


@pytest.fixture
def answered(db, create_consultation, create_submission):
    return build_answered(db, create_consultation, create_submission)


def behind(db, consultation, **given) -> set[int]:
    """The ids of every idea the report's link with these filters lists, page after page."""
    idea_filter = accountability.parse_filter(db.session, consultation, **given)
    found, number = [], 1
    while True:
        page = accountability.ideas_behind(db.session, consultation, idea_filter, number)
        found += [row.idea.id for row in page.items]
        if number >= page.pages:
            return set(found)
        number += 1


def test_you_said_we_did_counts_published_ideas_by_their_standing_answer(db, answered):
    consultation = answered.consultation
    report = accountability.you_said_we_did(db.session, consultation)
    published = {idea.id for idea in answered.ideas}
    assert behind(db, consultation) == published and report.total == 10
    assert behind(db, consultation, answered="yes") == set(answered.status_of)
    assert behind(db, consultation, answered="no") == published - set(answered.status_of)
    assert report.answered == len(answered.status_of) == 6
    assert report.share == pytest.approx(len(answered.status_of) / len(published))
    expected = Counter(answered.status_of.values())
    for row in report.by_status:
        ideas = {i for i, s in answered.status_of.items() if s is row.status}
        assert behind(db, consultation, status=row.status.value) == ideas
        assert row.count == expected.get(row.status, 0) == len(ideas)
    assert [row.status for row in report.by_status] == list(ResponseStatus)
    assert answered.hidden.id not in behind(db, consultation)


def test_you_said_we_did_counts_each_theme_and_names_its_own_answer(db, answered):
    consultation = answered.consultation
    report = accountability.you_said_we_did(db.session, consultation)
    rows = {row.key: row for row in report.themes}
    cycling, parks = answered.themes["Cycling"], answered.themes["Parks"]
    assert list(rows) == [str(cycling.id), str(parks.id), accountability.NO_THEME]
    for key, row in rows.items():
        theme_id = None if key == accountability.NO_THEME else int(key)
        members = {i for i, t in answered.theme_of.items() if t == theme_id}
        assert behind(db, consultation, theme=key) == members and row.ideas == len(members)
        mine = members & set(answered.status_of)
        assert behind(db, consultation, theme=key, answered="yes") == mine
        assert row.answered == len(mine)
        for count in row.by_status:
            ideas = {i for i in members if answered.status_of.get(i) is count.status}
            assert behind(db, consultation, theme=key, status=count.status.value) == ideas
            assert count.count == len(ideas)
    assert rows[str(cycling.id)].answer.id == answered.theme_answer.id
    assert rows[str(parks.id)].answer is None and rows["none"].theme is None


def test_median_time_runs_from_receipt_to_the_first_published_answer(db, answered):
    report = accountability.you_said_we_did(db.session, answered.consultation)
    delays = [(answered.first_answer[i] - answered.received[i])
              .total_seconds() / 86400 for i in answered.status_of]
    assert report.median_days == pytest.approx(statistics.median(delays))


def test_median_time_is_none_when_nothing_is_answered(db, create_consultation,
                                                      create_submission):
    consultation = create_consultation(Phase.CLOSED)
    create_submission(consultation)
    report = accountability.you_said_we_did(db.session, consultation)
    assert report.median_days is None and report.answered == 0 and report.share == 0
    empty = accountability.you_said_we_did(db.session, create_consultation(Phase.CLOSED))
    assert empty.total == 0 and empty.share is None


def test_themes_are_left_out_until_they_are_public(db, create_consultation, create_submission):
    data = build_answered(db, create_consultation, create_submission, phase=Phase.CLOSED)
    report = accountability.you_said_we_did(db.session, data.consultation)
    assert report.themes == [] and report.answered == 6
    with pytest.raises(NotFound):
        accountability.parse_filter(db.session, data.consultation,
                                    theme=str(data.themes["Cycling"].id))


def test_overdue_counts_unanswered_ideas_only_after_the_deadline(db, answered):
    consultation = answered.consultation
    due = deadline(consultation)
    assert due == consultation.closes_at + timedelta(days=60)
    before = accountability.you_said_we_did(db.session, consultation, now=due - timedelta(1))
    assert before.overdue == 0
    assert accountability.overdue(db.session, now=due - timedelta(days=1)) == []
    after = accountability.you_said_we_did(db.session, consultation, now=due + timedelta(1))
    unanswered = {idea.id for idea in answered.ideas} - set(answered.status_of)
    assert after.overdue == len(unanswered)
    assert behind(db, consultation, answered="no") == unanswered
    [office] = accountability.overdue(db.session, now=due + timedelta(days=1))
    assert office.office == "Mobility office" and office.total == len(unanswered)
    assert office.consultations[0].consultation.id == consultation.id


def test_overdue_groups_per_office_and_falls_back_to_the_organisation(
        db, create_consultation, create_submission):
    late = {"closed_days_ago": 90}
    roads = build_answered(db, create_consultation, create_submission, office="Roads", **late)
    other = build_answered(db, create_consultation, create_submission, office="Roads", **late)
    answer(db, other.consultation, idea=other.ideas[9], at=utcnow())
    town = build_answered(db, create_consultation, create_submission, office="", **late)
    build_answered(db, create_consultation, create_submission, office="Parks")  # not yet due
    build_answered(db, create_consultation, create_submission, office="Drafts",
                   phase=Phase.DRAFT, **late)
    db.session.commit()
    offices = {row.office: row for row in accountability.overdue(db.session)}
    assert set(offices) == {"Roads", town.consultation.organisation.name}
    assert offices["Roads"].total == 4 + 3
    assert [(r.consultation.id, r.count) for r in offices["Roads"].consultations] == [
        (roads.consultation.id, 4), (other.consultation.id, 3)]
    assert offices[town.consultation.organisation.name].total == 4


def test_an_office_neither_consultation_nor_organisation_names_is_unassigned(
        db, organisation, create_consultation, create_submission):
    organisation.name = ""
    consultation = create_consultation(Phase.ANSWERED, office="")
    consultation.closes_at = utcnow() - timedelta(days=100)
    create_submission(consultation)
    db.session.commit()
    [office] = accountability.overdue(db.session)
    assert office.office == "" and office.total == 1


def test_ideas_behind_lists_exactly_the_ideas_a_number_counts(db, answered):
    consultation = answered.consultation
    parks = answered.themes["Parks"]
    cases = {
        ("accepted", None, None): {i for i, s in answered.status_of.items()
                                   if s is ResponseStatus.ACCEPTED},
        (None, str(parks.id), "yes"): {i for i, t in answered.theme_of.items()
                                       if t == parks.id and i in answered.status_of},
        (None, "none", None): {i for i, t in answered.theme_of.items() if t is None},
        (None, None, "no"): {idea.id for idea in answered.ideas} - set(answered.status_of),
    }
    for (status, theme, answered_), expected in cases.items():
        idea_filter = accountability.parse_filter(db.session, consultation, status=status,
                                                  theme=theme, answered=answered_)
        page = accountability.ideas_behind(db.session, consultation, idea_filter)
        assert {row.idea.id for row in page.items} == expected and page.total == len(expected)
        for row in page.items:
            assert (row.answer.status if row.answer else None) is answered.status_of.get(
                row.idea.id)


@pytest.mark.parametrize("args", [{"status": "maybe"}, {"answered": "perhaps"}])
def test_a_filter_no_link_makes_is_refused_with_a_message(db, answered, args):
    with pytest.raises(ConsultError) as error:
        accountability.parse_filter(db.session, answered.consultation, **args)
    assert error.value.status == 400 and str(error.value.message)


@pytest.mark.parametrize("theme", ["999999", "abc", "1" * 30])
def test_an_unknown_theme_is_not_found(db, answered, theme):
    with pytest.raises(NotFound):
        accountability.parse_filter(db.session, answered.consultation, theme=theme)
