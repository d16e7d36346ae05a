"""The opinion map in open data: every vote, anonymous, and the current run's groups."""

import csv
import io
import json

import jsonschema

from consult.models import SubmissionStatus
from consult.record import open_data
from consult.record.open_data_opinions import COLUMNS as OPINION_TABLES
from tests.opinions.planted import IDEAS, PER_BLOC, planted_consultation
from tests.opinions.test_computing import compute


def test_open_data_has_anonymous_votes_groups_members_and_statements(client, db,
                                                                     create_consultation,
                                                                     create_submission):
    consultation, ideas, = planted_consultation(db, create_consultation, create_submission)
    run = compute(db, consultation)
    ideas[0].status = SubmissionStatus.HIDDEN
    db.session.commit()
    data = json.loads(client.get("/open-data.json").get_data(as_text=True))
    jsonschema.validate(data, json.loads(open_data.SCHEMA.read_text()),
                        format_checker=jsonschema.FormatChecker())
    tables = data["tables"]
    assert len(tables["votes"]) == 2 * PER_BLOC * (IDEAS - 1)  # not those on the hidden idea
    participants = {row["participant"] for row in tables["votes"]}
    assert len(participants) == 2 * PER_BLOC
    assert not any("bloc" in participant for participant in participants)
    assert {row["participant"] for row in tables["opinion_members"]} == participants
    assert [(row["group"], row["size"]) for row in tables["opinion_groups"]] == [
        ("A", PER_BLOC), ("B", PER_BLOC)]
    assert {row["run_id"] for row in tables["opinion_statements"]} == {run.id}
    assert len(tables["opinion_statements"]) == IDEAS - 1


def test_each_opinion_table_has_its_csv(client, db, create_consultation, create_submission):
    consultation, _ = planted_consultation(db, create_consultation, create_submission)
    compute(db, consultation)
    tables = json.loads(client.get("/open-data.json").get_data(as_text=True))["tables"]
    for table, columns in OPINION_TABLES.items():
        reader = csv.DictReader(io.StringIO(
            client.get(f"/open-data/{table}.csv").get_data(as_text=True)))
        rows = list(reader)
        assert reader.fieldnames == list(columns) and len(rows) == len(tables[table]) > 0
