"""The public accountability pages: the report and the ideas behind each number, its print
version, overdue answers per office, Atom feeds, and answers in the open data."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest

from consult.core.base import utcnow
from consult.models import (
    ActionPlan,
    Assessment,
    Commitment,
    CommitmentRevision,
    CommitmentStatus,
    Completion,
    MilestoneStatus,
    OpenedGovernment,
    Phase,
    ProgressUpdate,
    ResponseStatus,
)
from consult.record import open_data
from consult.responses import accountability
from tests.fixtures.accountability_data import answer, build_answered

ATOM = "{http://www.w3.org/2005/Atom}"
IDEA_LINK = re.compile(r'href="([^"]*/you-said-we-did/ideas[^"]*)"')
LISTED = re.compile(r'<article class="card idea" id="idea-(\d+)"')


@pytest.fixture
def answered(db, create_consultation, create_submission):
    return build_answered(db, create_consultation, create_submission)


@pytest.fixture
def commitment(db, answered):
    """A published commitment of a published plan, with news of every kind, and a draft one."""
    consultation = answered.consultation
    now = utcnow()
    plan = ActionPlan(organisation_id=consultation.organisation_id, consultation_id=consultation.id,
                      title="Plan 2027", starts_on=date(2027, 1, 1), ends_on=date(2028, 12, 31),
                      published_at=now - timedelta(days=9))
    published = Commitment(plan=plan, position=1, title="Protected bike lanes",
                           action="Build 5 km of lanes.", status=CommitmentStatus.PUBLISHED,
                           published_at=now - timedelta(days=8))
    draft = Commitment(plan=plan, position=2, title="Secret draft")
    db.session.add_all([plan, published, draft])
    db.session.flush()
    db.session.add_all([
        CommitmentRevision(commitment_id=published.id, number=1, reason="Clearer wording",
                           changes={"action": ["Build lanes.", "Build 5 km of lanes."]},
                           created_at=now - timedelta(days=7)),
        ProgressUpdate(commitment_id=published.id, status=MilestoneStatus.IN_PROGRESS,
                       on=date(2027, 3, 1), text="First kilometre built & opened.",
                       evidence_url="https://example.org/photos",
                       created_at=now - timedelta(days=6)),
        Assessment(commitment_id=published.id, completion=Completion.LIMITED,
                   opened_government=OpenedGovernment.MARGINAL, text="Slow but real.",
                   evidence=["https://example.org/report"], published_at=now - timedelta(days=5)),
        Assessment(commitment_id=published.id, completion=Completion.COMPLETE,
                   opened_government=OpenedGovernment.OUTSTANDING, text="Unpublished opinion."),
    ])
    linked = answer(db, consultation, idea=answered.ideas[8], status=ResponseStatus.ACCEPTED,
                    at=now - timedelta(days=4), text="See the bike lanes commitment.")
    linked.commitments.append(published)
    answered.status_of[answered.ideas[8].id] = ResponseStatus.ACCEPTED
    db.session.commit()
    return published, draft, linked


def expected_ideas(answered, query: dict[str, list[str]]) -> set[int]:
    """Which ideas a link should list, worked out from the scenario, not from the service."""
    ideas = {idea.id for idea in answered.ideas}
    if "answered" in query:
        wanted = query["answered"][0] == "yes"
        ideas = {i for i in ideas if (i in answered.status_of) == wanted}
    if "status" in query:
        status = ResponseStatus(query["status"][0])
        ideas = {i for i in ideas if answered.status_of.get(i) is status}
    if "theme" in query:
        theme = None if query["theme"][0] == "none" else int(query["theme"][0])
        ideas = {i for i in ideas if answered.theme_of[i] == theme}
    return ideas


def test_the_report_shows_its_numbers_and_each_links_to_exactly_those_ideas(
        db, client, answered):
    page = client.get(f"/consultations/{answered.consultation.id}/you-said-we-did")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "10 ideas published" in text and "6 ideas answered" in text and "(60%)" in text
    assert "We will build the lanes." in text and "Roads office" in text  # the theme's answer
    assert "Mobility office owes the answers by" in text
    links = {html.unescape(link) for link in IDEA_LINK.findall(text)}
    assert len(links) >= 15
    for link in links:
        query = parse_qs(urlsplit(link).query)
        listed = client.get(link).get_data(as_text=True)
        assert {int(i) for i in LISTED.findall(listed)} == expected_ideas(answered, query), link
        count = re.search(rf'href="{re.escape(html.escape(link))}">(\d+)', text)
        if count:  # a bare number: it counts what its link lists
            assert int(count.group(1)) == len(expected_ideas(answered, query))


def test_the_ideas_behind_a_number_show_their_answers_and_no_author(db, client, answered):
    theme = answered.themes["Cycling"]
    text = client.get(f"/consultations/{answered.consultation.id}/you-said-we-did/ideas"
                      f"?theme={theme.id}").get_data(as_text=True)
    assert "Theme: Cycling" in text and "Not on this street." in text
    assert "answered with its theme" in text and "We will build the lanes." in text
    assert "@example.org" not in text and "Draft, not public." not in text


@pytest.mark.parametrize(("query", "status", "message"), [
    ("status=maybe", 400, "There is no answer status named “maybe”."),
    ("answered=perhaps", 400, "Choose answered ideas (yes) or unanswered ideas (no)."),
    ("theme=999999", 404, "This theme does not exist or is not public yet."),
    ("theme=x", 404, "This theme does not exist or is not public yet."),
])
def test_bad_filters_get_a_clear_message_not_an_error(db, client, answered, query, status,
                                                       message):
    page = client.get(f"/consultations/{answered.consultation.id}/you-said-we-did/ideas?{query}")
    assert page.status_code == status
    assert html.escape(message, quote=False) in page.get_data(as_text=True)


def test_the_print_version_has_the_numbers_and_the_address_of_the_page(db, client, answered):
    page = client.get(f"/consultations/{answered.consultation.id}/you-said-we-did/print")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<nav" not in text and "print.css" in text
    online = f"http://localhost/consultations/{answered.consultation.id}/you-said-we-did"
    assert f'<a href="{online}">{online}</a>' in text
    assert "10 ideas published" in text and "6 ideas answered (60%)" in text
    assert '<th scope="row">Accepted</th><td>3</td>' in text  # on paper, a number links nowhere
    assert "We will build the lanes." in text and "Cycling" in text


@pytest.mark.parametrize("suffix", ["you-said-we-did", "you-said-we-did/print",
                                    "you-said-we-did/ideas", "feed.atom"])
def test_draft_and_unknown_consultations_are_not_found(db, client, create_consultation, suffix):
    draft = create_consultation(Phase.DRAFT)
    assert client.get(f"/consultations/{draft.id}/{suffix}").status_code == 404
    assert client.get(f"/consultations/999999/{suffix}").status_code == 404


def test_overdue_answers_are_listed_per_office_once_the_deadline_passed(
        db, client, create_consultation, create_submission):
    on_time = build_answered(db, create_consultation, create_submission, office="Parks office")
    late = build_answered(db, create_consultation, create_submission, office="Roads office",
                          closed_days_ago=61)
    nameless = build_answered(db, create_consultation, create_submission, office="",
                              closed_days_ago=90)
    text = client.get("/answers/overdue").get_data(as_text=True)
    offices = re.findall(r'<h2 id="office-\d+">([^<]+)</h2>', text)
    # Most owed first; the organisation owes what no office was named for.
    assert offices == ["Roads office", nameless.consultation.organisation.name] or offices == [
        nameless.consultation.organisation.name, "Roads office"]
    assert f'/consultations/{late.consultation.id}/you-said-we-did/ideas?answered=no">4' in text
    assert f"/consultations/{on_time.consultation.id}/" not in text
    listed = client.get(f"/consultations/{late.consultation.id}/you-said-we-did/ideas"
                        "?answered=no").get_data(as_text=True)
    assert {int(i) for i in LISTED.findall(listed)} == (
        {idea.id for idea in late.ideas} - set(late.status_of))


def test_no_overdue_answer_says_so(db, client, answered):
    assert "No answer is overdue." in client.get("/answers/overdue").get_data(as_text=True)


def feed(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 - the feed this test just asked for
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "content"):
            assert entry.find(f"{ATOM}{required}") is not None
    return root


def titles(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


def test_the_consultation_feed_tells_answers_commitments_progress_and_assessments(
        db, client, answered, commitment):
    published, _, _ = commitment
    root = feed(client, f"/consultations/{answered.consultation.id}/feed.atom")
    entries = titles(root)
    # Ideas answered one by one, each version once; ideas answered with their theme are told
    # once, as the theme's answer; the hidden idea's answer never.
    assert sorted(t for t in entries if "an idea" in t) == sorted([
        "Answer to an idea: Not accepted", "Answer to an idea: Partly accepted",
        "Corrected answer to an idea: Under consideration", "Answer to an idea: Already in place",
        "Answer to an idea: Accepted"])
    assert "Answer to the theme “Cycling”: Accepted" in entries
    assert "Commitment published: Protected bike lanes" in entries
    assert "Progress on Protected bike lanes: In progress" in entries
    assert "Independent assessment of Protected bike lanes" in entries
    assert not any("Secret draft" in t or "Hidden" in t for t in entries)
    body = ET.tostring(root, encoding="unicode")
    assert "Unpublished opinion" not in body and "Draft, not public." not in body
    assert "First kilometre built &amp; opened." in body  # escaped, and parsed back
    ids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    updated = [entry.findtext(f"{ATOM}updated") for entry in root.findall(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == updated[0]


def test_the_commitment_feed_tells_its_revisions_progress_assessments_and_answers(
        db, client, answered, commitment):
    published, _, linked = commitment
    root = feed(client, f"/commitments/{published.id}/feed.atom")
    entries = titles(root)
    assert entries == [
        "Answer to an idea: Accepted",
        "Independent assessment of Protected bike lanes",
        "Progress on Protected bike lanes: In progress",
        "Commitment revised: Protected bike lanes (revision 1)",
        "Commitment published: Protected bike lanes",
    ]
    first = root.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://localhost/ideas/{linked.submission_id}")
    body = ET.tostring(root, encoding="unicode")
    assert "What the commitment will do" in body  # the revised field, by its name
    assert 'href="https://example.org/photos"' in body


def test_unpublished_and_unknown_commitments_have_no_feed(db, client, answered, commitment):
    published, draft, _ = commitment
    assert client.get(f"/commitments/{draft.id}/feed.atom").status_code == 404
    assert client.get("/commitments/999999/feed.atom").status_code == 404
    published.plan.published_at = None
    db.session.commit()
    assert client.get(f"/commitments/{published.id}/feed.atom").status_code == 404


def test_the_report_links_its_feed_and_print_version(db, client, answered):
    text = client.get(f"/consultations/{answered.consultation.id}/you-said-we-did").get_data(
        as_text=True)
    assert (f'href="/consultations/{answered.consultation.id}/feed.atom" '
            f'type="application/atom+xml"') in text
    assert f"/consultations/{answered.consultation.id}/you-said-we-did/print" in text


def test_the_open_data_has_answers_progress_and_assessments_but_no_private_data(
        db, client, answered, commitment):
    published, _, linked = commitment
    response = client.get("/open-data.json")
    data = response.get_json()
    jsonschema.validate(data, json.loads(open_data.SCHEMA.read_text()),
                        format_checker=jsonschema.FormatChecker())
    tables = data["tables"]
    rows = {row["id"]: row for row in tables["responses"]}
    assert answered.responses["draft"].id not in rows  # drafts stay private
    old, new = answered.responses["old"], answered.responses["correction"]
    assert rows[old.id]["state"] == "superseded" and rows[new.id]["corrects_id"] == old.id
    assert rows[new.id]["version"] == 2 and rows[new.id]["submission_id"] == answered.ideas[4].id
    assert rows[answered.theme_answer.id]["theme_id"] == answered.themes["Cycling"].id
    assert rows[answered.theme_answer.id]["submission_id"] is None
    assert rows[linked.id]["commitment_ids"] == [published.id]
    assert not any(row["submission_id"] == answered.hidden.id for row in rows.values())
    assert [(a["commitment_id"], a["completion"]) for a in tables["assessments"]] == [
        (published.id, "limited")]
    assert [p["text"] for p in tables["progress_updates"]] == ["First kilometre built & opened."]
    raw = response.get_data(as_text=True)
    assert "@example.org" not in raw and "Hidden answer." not in raw
    assert not any(key.endswith("_by_id") or "author" in key or "monitor" in key
                   for table in ("responses", "assessments", "progress_updates")
                   for row in tables[table] for key in row)
    assert client.get("/open-data/responses.csv").get_data(as_text=True).startswith("id,")
    assert "assessments.csv" in client.get("/open-data/").get_data(as_text=True)


def test_a_feed_escapes_markup_and_drops_characters_xml_forbids(
        db, client, create_consultation, create_submission):
    consultation = create_consultation(Phase.CLOSED, title="Roads & <bikes>")
    idea = create_submission(consultation, "Fix <b>this</b> & that")
    answer(db, consultation, idea=idea, at=utcnow(), text="Done\x0b <script>alert(1)</script>")
    db.session.commit()
    root = feed(client, f"/consultations/{consultation.id}/feed.atom")
    assert root.findtext(f"{ATOM}title") == "Updates: Roads & <bikes>"
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}content") == (
        "Idea: Fix <b>this</b> & that\n\nDone <script>alert(1)</script>")


def test_a_feed_with_no_update_yet_is_still_valid(db, client, create_consultation):
    consultation = create_consultation(Phase.OPEN)
    root = feed(client, f"/consultations/{consultation.id}/feed.atom")
    assert root.findall(f"{ATOM}entry") == []


def test_the_ideas_behind_a_number_come_a_page_at_a_time(db, client, answered, monkeypatch):
    monkeypatch.setattr(accountability, "PER_PAGE", 3)
    path = f"/consultations/{answered.consultation.id}/you-said-we-did/ideas?answered=no"
    seen, pages = set(), 0
    while path:
        text = client.get(path).get_data(as_text=True)
        seen |= {int(i) for i in LISTED.findall(text)}
        pages += 1
        following = re.search(r'<a rel="next" href="([^"]+)"', text)
        path = html.unescape(following.group(1)) if following else None
    assert pages == 2 and seen == {i.id for i in answered.ideas} - set(answered.status_of)


def test_before_themes_are_public_the_report_has_no_theme_table(
        db, client, create_consultation, create_submission):
    data = build_answered(db, create_consultation, create_submission, phase=Phase.CLOSED)
    base = f"/consultations/{data.consultation.id}/you-said-we-did"
    text = client.get(base).get_data(as_text=True)
    assert "6 ideas answered" in text and "Ideas by theme" not in text and "Cycling" not in text
    cycling = data.themes["Cycling"].id
    assert client.get(f"{base}/ideas?theme={cycling}").status_code == 404
    assert client.get(f"{base}/ideas?theme=none").status_code == 404


def test_a_consultation_without_ideas_says_so(db, client, create_consultation):
    consultation = create_consultation(Phase.OPEN)
    text = client.get(f"/consultations/{consultation.id}/you-said-we-did").get_data(as_text=True)
    assert "No idea has been published in this consultation yet." in text
