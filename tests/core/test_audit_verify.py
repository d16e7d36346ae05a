"""`consult audit verify`: the last hash, the published hash a record must reach, bad input."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from consult.cli import cli
from consult.core import events
from consult.models import Event
from consult.record import download as record


@pytest.fixture
def logged(db, create_consultation):
    """Five events in the database, and the record file as a plan's page offers it."""
    consultation = create_consultation()
    for number in range(5):
        events.record(db.session, None, "consultation.noted", consultation, {"n": number})
    db.session.commit()
    return list(record.export_lines(db.session, consultation.organisation_id))


def _write(tmp_path, lines, name="record.jsonl"):
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


def _hash(line: str) -> str:
    return json.loads(line)["hash"]


def test_audit_verify_prints_the_count_and_the_last_hash_of_a_record(runner, logged, tmp_path):
    result = runner.invoke(cli, ["audit", "verify", _write(tmp_path, logged)])

    assert result.exit_code == 0, result.output
    assert f"{len(logged)} events verified" in result.output
    assert f"Last hash: {_hash(logged[-1])}" in result.output


def test_audit_verify_prints_the_count_and_the_last_hash_of_the_database(runner, db, logged,
                                                                        organisation):
    result = runner.invoke(cli, ["audit", "verify", "--expect", _hash(logged[-1])])

    assert result.exit_code == 0, result.output
    assert f"{len(logged)} events verified" in result.output
    assert f"Last hash: {record.latest_hash(db.session, organisation.id)}" in result.output
    assert "The expected hash is event" in result.output


def test_audit_verify_passes_a_record_that_reaches_the_published_hash(runner, logged, tmp_path):
    published = _hash(logged[-1]).upper()  # as someone may copy it

    result = runner.invoke(cli, ["audit", "verify", _write(tmp_path, logged),
                                 "--expect", published])

    assert result.exit_code == 0, result.output
    assert f"event {json.loads(logged[-1])['id']}'s" in result.output


def test_audit_verify_passes_a_later_record_that_goes_on_past_the_published_hash(
        runner, logged, tmp_path):
    result = runner.invoke(cli, ["audit", "verify", _write(tmp_path, logged),
                                 "--expect", _hash(logged[2])])

    assert result.exit_code == 0, result.output


def test_audit_verify_fails_a_truncated_record_naming_both_hashes(runner, logged, tmp_path):
    truncated = logged[:3]

    result = runner.invoke(cli, ["audit", "verify", _write(tmp_path, truncated),
                                 "--expect", _hash(logged[-1])])

    assert result.exit_code == 1
    assert f"no event has the expected hash {_hash(logged[-1])}" in result.output
    assert f"ends after 3 events with the hash {_hash(truncated[-1])}" in result.output
    assert "cut short or replaced" in result.output


def test_audit_verify_fails_a_record_replaced_by_another_valid_chain(runner, db, logged,
                                                                     tmp_path):
    published = _hash(logged[-1])
    rows = [json.loads(line) for line in logged]
    previous = events.GENESIS
    for row in rows:  # the same events rewritten, every hash recomputed: a consistent forgery
        row["payload"] = {"n": -1}
        event = Event(**{**row, "occurred_at": datetime.fromisoformat(row["occurred_at"]),
                         "prev_hash": previous})
        row["prev_hash"], row["hash"] = previous, events.content_hash(event)
        previous = row["hash"]
    forged = [json.dumps(row) + "\n" for row in rows]
    assert runner.invoke(cli, ["audit", "verify", _write(tmp_path, forged)]).exit_code == 0

    result = runner.invoke(cli, ["audit", "verify", _write(tmp_path, forged),
                                 "--expect", published])

    assert result.exit_code == 1 and "cut short or replaced" in result.output


def test_audit_verify_fails_the_database_when_the_published_hash_is_not_in_it(runner, db,
                                                                             logged):
    result = runner.invoke(cli, ["audit", "verify", "--expect", "ab" * 32])

    assert result.exit_code == 1 and f"no event has the expected hash {'ab' * 32}" in (
        result.output)


@pytest.mark.parametrize("bad", ["abc", "g" * 64, "ab" * 33, ""])
def test_audit_verify_exits_2_for_a_malformed_expected_hash(runner, logged, tmp_path, bad):
    result = runner.invoke(cli, ["audit", "verify", _write(tmp_path, logged), "--expect", bad])

    assert result.exit_code == 2
    assert "--expect" in result.output and "64 hexadecimal characters" in result.output


@pytest.mark.parametrize(("broken", "line"), [
    ('{"id": 4, "hash": "cut here\n', 4),  # a download cut in the middle of a line
    ("[1, 2, 3]\n", 4),
    ('{"id": 4}\n', 4),
])
def test_audit_verify_names_the_line_that_is_not_an_event(runner, logged, tmp_path, broken,
                                                          line):
    lines = [*logged[:3], broken, *logged[3:]]

    result = runner.invoke(cli, ["audit", "verify", _write(tmp_path, lines)])

    assert result.exit_code == 1
    assert f"line {line} is not an event" in result.output
