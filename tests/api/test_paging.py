"""Lists read page by page with signed cursors, and filtered by updated_since."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from consult.core.base import utcnow
from tests.api.conftest import PRIVATE_TEXTS


def ideas_path(world) -> str:
    return f"/api/v1/consultations/{world.open.id}/ideas"


def every_page(client, path: str) -> list[dict]:
    """Every page of a list, following links.next from `path` to the last page."""
    pages, url = [], path
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200, response.json
        pages.append(response.json)
        url = response.json["links"]["next"]
        assert (url is None) == (response.json["next_cursor"] is None)
    return pages


def error_code(response) -> str:
    assert response.is_json, response.get_data(as_text=True)
    return response.json["error"]["code"]


def test_paging_through_ideas_gives_each_published_idea_once_and_no_other(client, api_world):
    pages = every_page(client, ideas_path(api_world) + "?limit=2")
    ids = [idea["id"] for page in pages for idea in page["data"]]
    assert len(pages) == 4 and [len(page["data"]) for page in pages] == [2, 2, 2, 1]
    assert ids == sorted(idea.id for idea in api_world.ideas)
    assert not {idea.id for idea in api_world.private.values()} & set(ids)
    texts = " ".join(idea["text"] for page in pages for idea in page["data"])
    assert not [text for text in PRIVATE_TEXTS if text in texts]


def test_next_link_keeps_the_limit_and_the_filter(client, api_world):
    since = (utcnow() - timedelta(days=30)).isoformat()
    encoded = since.replace("+", "%2B")
    response = client.get(f"/api/v1/consultations?limit=1&updated_since={encoded}")
    query = parse_qs(urlsplit(response.json["links"]["next"]).query)
    assert query["limit"] == ["1"] and query["cursor"] == [response.json["next_cursor"]]
    assert query["updated_since"] == [since]


def test_a_cursor_names_the_next_page_whatever_is_added_before_it(client, api_world,
                                                                 create_submission):
    first = client.get(ideas_path(api_world) + "?limit=3").json
    create_submission(api_world.open, "Arrived while paging")
    second = client.get(first["links"]["next"]).json
    assert [idea["id"] for idea in second["data"]] == [idea.id for idea in api_world.ideas[3:6]]


def test_tampered_cursor_is_refused_with_a_clear_json_error(client, api_world):
    cursor = client.get(ideas_path(api_world) + "?limit=2").json["next_cursor"]
    forged = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    response = client.get(f"{ideas_path(api_world)}?limit=2&cursor={forged}")
    assert response.status_code == 400 and error_code(response) == "invalid_cursor"
    assert "cursor" in response.json["error"]["message"]


def test_cursor_of_another_list_or_filter_is_refused(client, api_world):
    cursor = client.get(ideas_path(api_world) + "?limit=2").json["next_cursor"]
    other = f"/api/v1/consultations/{api_world.answered.consultation.id}/ideas?cursor={cursor}"
    assert error_code(client.get(other)) == "invalid_cursor"
    consultations = client.get("/api/v1/consultations?limit=1").json["next_cursor"]
    since = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    response = client.get(f"/api/v1/consultations?cursor={consultations}&updated_since={since}")
    assert response.status_code == 400 and error_code(response) == "invalid_cursor"


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten", "1.5", "99999999999"])
def test_limit_out_of_its_range_is_refused(client, api_world, limit):
    response = client.get(f"{ideas_path(api_world)}?limit={limit}")
    assert response.status_code == 400 and error_code(response) == "invalid_limit"
    assert "200" in response.json["error"]["message"]


@pytest.mark.parametrize("limit", ["1", "200"])
def test_limit_at_its_bounds_is_read(client, api_world, limit):
    response = client.get(f"{ideas_path(api_world)}?limit={limit}")
    assert response.status_code == 200 and len(response.json["data"]) == min(int(limit), 7)


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01T00:00:00Z", "2026-05-01T09:00:00",
                                   "2026-05-01", "0001-01-01T00:00:00+01:00"])
def test_updated_since_that_cannot_be_read_is_refused(client, api_world, since):
    response = client.get(f"/api/v1/consultations?updated_since={since}")
    assert response.status_code == 400 and error_code(response) == "invalid_updated_since"
    assert "ISO 8601" in response.json["error"]["message"]


def test_updated_since_in_the_future_is_refused(client, api_world):
    future = (utcnow() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    response = client.get(f"/api/v1/consultations?updated_since={future}")
    assert response.status_code == 400 and error_code(response) == "invalid_updated_since"
    assert "future" in response.json["error"]["message"]


def test_updated_since_is_refused_where_rows_keep_no_time_of_change(client, api_world):
    response = client.get(f"{ideas_path(api_world)}?updated_since=2026-01-01T00:00:00Z")
    assert response.status_code == 400 and error_code(response) == "invalid_parameter"


def test_updated_since_keeps_what_changed_oldest_change_first(client, db, api_world):
    api_world.answered.consultation.updated_at = utcnow() - timedelta(days=5)
    api_world.open.updated_at = utcnow() - timedelta(days=1)
    db.session.commit()
    since = (utcnow() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    # A "+" left unencoded in a query string arrives as a space: it is read as the offset.
    changed = client.get(f"/api/v1/consultations?updated_since={since}").json["data"]
    assert [row["id"] for row in changed] == [api_world.open.id]
    everything = every_page(client, "/api/v1/consultations?limit=1&updated_since="
                            + "2000-01-01T00:00:00Z")
    assert [page["data"][0]["id"] for page in everything] == [api_world.answered.consultation.id,
                                                              api_world.open.id]


def test_answers_changed_since_include_a_correction_and_what_it_superseded(client, db,
                                                                          api_world):
    old = api_world.answered.responses["old"]
    old.superseded_at = utcnow() - timedelta(days=1)
    db.session.commit()
    since = (utcnow() - timedelta(days=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
    path = f"/api/v1/consultations/{api_world.answered.consultation.id}/answers"
    rows = client.get(f"{path}?updated_since={since}").json["data"]
    assert [row["id"] for row in rows] == [api_world.answered.responses["correction"].id, old.id]
    assert rows[1]["state"] == "superseded"
