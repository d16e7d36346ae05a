"""The open data, streamed from the database a batch at a time: exactly the public rows, as JSON
and as CSV, from the web and from `consult export`, in a number of queries that grows with
batches, never with rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import brotli
import jsonschema
import pytest
from sqlalchemy import select

from consult.cli import cli
from consult.consultations.services import PUBLIC_PHASES
from consult.core import events
from consult.core.base import utcnow
from consult.models import (
    ActionPlan,
    Assessment,
    ClusteringRun,
    Commitment,
    CommitmentRevision,
    CommitmentStatus,
    Completion,
    Consultation,
    Milestone,
    MilestoneStatus,
    OpenedGovernment,
    Phase,
    ProgressUpdate,
    ProvenanceLink,
    Response,
    ResponseState,
    RunStatus,
    Submission,
    SubmissionStatus,
    Theme,
    ThemeMembership,
)
from consult.record import open_data
from consult.record.open_data_opinions import COLUMNS as OPINION_TABLES
from tests.fixtures.accountability_data import answer, build_answered
from tests.fixtures.queries import statements


def plan_with_commitments(db, consultation, published_at):
    """A plan with a published commitment and a draft one, each with a milestone, a revision,
    progress and an assessment published or not."""
    now = utcnow()
    plan = ActionPlan(organisation_id=consultation.organisation_id,
                      consultation_id=consultation.id, title=f"Plan of {consultation.title}",
                      starts_on=date(2027, 1, 1), ends_on=date(2028, 12, 31),
                      published_at=published_at)
    published = Commitment(plan=plan, position=1, title="Protected bike lanes",
                           status=CommitmentStatus.PUBLISHED, published_at=now)
    draft = Commitment(plan=plan, position=2, title="Secret draft")
    db.session.add_all([plan, published, draft])
    db.session.flush()
    for commitment in (published, draft):
        db.session.add_all([
            Milestone(commitment_id=commitment.id, description=f"Map {commitment.title}",
                      due_on=date(2027, 3, 1)),
            CommitmentRevision(commitment_id=commitment.id, number=2, reason="Second",
                               changes={"action": ["Lanes.", "5 km of lanes."]}),
            CommitmentRevision(commitment_id=commitment.id, number=1, reason="First",
                               changes={"title": ["Lanes", commitment.title]}),
            ProgressUpdate(commitment_id=commitment.id, status=MilestoneStatus.IN_PROGRESS,
                           on=date(2027, 3, 1), text=f"Progress on {commitment.title}"),
            Assessment(commitment_id=commitment.id, completion=Completion.LIMITED,
                       opened_government=OpenedGovernment.MARGINAL, text="Published opinion.",
                       evidence=["https://example.org/report"], published_at=now),
            Assessment(commitment_id=commitment.id, completion=Completion.COMPLETE,
                       opened_government=OpenedGovernment.MAJOR, text="Unpublished opinion."),
        ])
    return published, draft


@pytest.fixture
def scenario(db, create_consultation, create_submission):
    """An analysed consultation with themes and answers in every state (build_answered), a
    published plan, provenance links that stand, were removed or point at a hidden idea, and a
    private (draft) consultation with every kind of row, none of which may be published."""
    answered = build_answered(db, create_consultation, create_submission)
    consultation, ideas = answered.consultation, answered.ideas
    published, draft = plan_with_commitments(db, consultation, utcnow())
    now = utcnow()
    db.session.add_all([
        ProvenanceLink(commitment_id=published.id, submission_id=ideas[0].id,
                       passage_start=0, passage_end=4),
        ProvenanceLink(commitment_id=published.id, submission_id=answered.hidden.id),
        ProvenanceLink(commitment_id=published.id, theme_id=answered.themes["Cycling"].id),
        ProvenanceLink(commitment_id=published.id, submission_id=ideas[1].id, removed_at=now),
        ProvenanceLink(commitment_id=draft.id, submission_id=ideas[2].id),
    ])
    linked = answer(db, consultation, idea=ideas[8], at=now, text="See the commitment.")
    linked.commitments.extend([draft, published])

    private = create_consultation(Phase.DRAFT, title="Private consultation")
    secret = create_submission(private, "A private idea")
    run = ClusteringRun(consultation_id=private.id, status=RunStatus.SUCCEEDED, current=True)
    theme = Theme(consultation_id=private.id, label="Private theme")
    db.session.add_all([run, theme])
    db.session.flush()
    db.session.add(ThemeMembership(run_id=run.id, submission_id=secret.id, theme_id=theme.id))
    plan_with_commitments(db, private, now)
    answer(db, private, idea=secret, at=now, text="A private answer.")
    answer(db, private, theme=theme, at=now, text="A private theme's answer.")
    db.session.commit()
    return answered


def add_ideas(db, consultation, count: int) -> None:
    """`count` more published ideas, each in the current run and answered."""
    run = db.session.scalar(select(ClusteringRun).where(
        ClusteringRun.consultation_id == consultation.id, ClusteringRun.current.is_(True)))
    for n in range(count):
        idea = Submission(consultation=consultation, text=f"One more idea, number {n}",
                          language="en", status=SubmissionStatus.PUBLISHED)
        db.session.add(idea)
        db.session.flush()
        db.session.add(ThemeMembership(run_id=run.id, submission_id=idea.id))
        answer(db, consultation, idea=idea, at=utcnow(), text=f"Answer {n}.")
    db.session.commit()


def reference(db) -> dict[str, list]:
    """The key of each row the open data must hold, in order, worked out in Python from every
    row of the database by the rules written at the top of consult/record/open_data.py."""
    def every(model, *order):
        return list(db.session.scalars(select(model).order_by(*order)))

    public = {c.id for c in every(Consultation, Consultation.id) if c.phase in PUBLIC_PHASES}
    ideas = [s.id for s in every(Submission, Submission.id)
             if s.consultation_id in public and s.status is SubmissionStatus.PUBLISHED]
    runs = {r.id: r.consultation_id for r in every(ClusteringRun, ClusteringRun.id)
            if r.current and r.consultation_id in public}
    themes = [t.id for t in every(Theme, Theme.consultation_id, Theme.id)
              if t.consultation_id in runs.values()]
    plans = [p.id for p in every(ActionPlan, ActionPlan.id)
             if p.consultation_id in public and p.published_at is not None]
    commitments = [c.id for c in every(Commitment, Commitment.id)
                   if c.plan_id in plans and c.status is CommitmentStatus.PUBLISHED]
    responses = [r for r in every(Response, Response.id)
                 if r.consultation_id in public and r.published_at is not None
                 and r.state in (ResponseState.PUBLISHED, ResponseState.SUPERSEDED)
                 and (r.submission_id in ideas if r.submission_id else r.theme_id in themes)]
    return {
        "consultations": sorted(public), "submissions": ideas, "themes": themes,
        "memberships": [m.submission_id for m in every(ThemeMembership, ThemeMembership.run_id,
                                                       ThemeMembership.submission_id)
                        if m.run_id in runs and m.submission_id in ideas],
        "plans": plans, "commitments": commitments,
        "milestones": [m.id for m in every(Milestone, Milestone.id)
                       if m.commitment_id in commitments],
        "provenance_links": [link.id for link in every(ProvenanceLink, ProvenanceLink.id)
                             if link.commitment_id in commitments and link.removed_at is None
                             and link.submission_id in (None, *ideas)],
        "revisions": [[r.commitment_id, r.number] for r in every(
            CommitmentRevision, CommitmentRevision.commitment_id, CommitmentRevision.number)
            if r.commitment_id in commitments],
        "responses": [r.id for r in responses],
        "commitment_ids": [[c.id for c in r.commitments if c.id in commitments]
                           for r in responses],
        "progress_updates": [p.id for p in every(ProgressUpdate, ProgressUpdate.id)
                             if p.commitment_id in commitments],
        "assessments": [a.id for a in every(Assessment, Assessment.id)
                        if a.commitment_id in commitments and a.published_at is not None],
    }


def keys(tables: dict[str, list[dict]]) -> dict[str, list]:
    """The same keys, read from an export."""
    found = {table: [row["id"] for row in rows] for table, rows in tables.items()
             if table not in ("memberships", "revisions", "questions", *OPINION_TABLES)}
    found["memberships"] = [row["submission_id"] for row in tables["memberships"]]
    found["revisions"] = [[row["commitment_id"], row["number"]] for row in tables["revisions"]]
    found["commitment_ids"] = [row["commitment_ids"] for row in tables["responses"]]
    return found


def download(client, url: str) -> tuple[object, str]:
    """The response to a GET of `url`, which must be streamed, and its whole body (the stream
    read to its end)."""
    response = client.get(url)
    assert response.is_streamed, url
    return response, response.get_data(as_text=True)


def test_open_data_json_holds_exactly_the_public_rows(db, client, scenario):
    response, body = download(client, "/open-data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(body)
    jsonschema.validate(data, json.loads(open_data.SCHEMA.read_text()),
                        format_checker=jsonschema.FormatChecker())
    assert sorted(data["tables"]) == sorted(open_data.TABLES)
    assert keys(data["tables"]) == reference(db)
    assert [row["submission_id"] for row in data["tables"]["memberships"]] == sorted(
        idea.id for idea in scenario.ideas[:9])  # the tenth idea is in no theme
    assert len(data["tables"]["revisions"]) == 2 and len(data["tables"]["assessments"]) == 1
    for private in ("A private", "Private theme", "Secret", "Unpublished opinion", "Draft, not",
                    "Hidden answer", "A hidden idea", "Waiting for moderation", "@example.org"):
        assert private not in body, private


def test_open_data_json_rows_are_ordered_and_typed_as_the_schema_says(db, client, scenario):
    tables = json.loads(download(client, "/open-data.json")[1])["tables"]
    [theme_answer] = [row for row in tables["responses"]
                      if row["id"] == scenario.theme_answer.id]
    assert theme_answer["submission_id"] is None and theme_answer["status"] == "accepted"
    assert [row["number"] for row in tables["revisions"]] == [1, 2]
    assert tables["themes"][0]["keywords"] == [] and tables["themes"][0]["live"] is True
    assert tables["assessments"][0]["evidence"] == ["https://example.org/report"]
    assert all(list(row) == sorted(row) for table in tables.values() for row in table)


def test_a_compressed_download_is_compressed_as_it_is_streamed(db, client, scenario):
    plain = json.loads(download(client, "/open-data.json")[1])
    response = client.get("/open-data.json", headers={"Accept-Encoding": "br"})
    assert response.is_streamed and response.headers["Content-Encoding"] == "br"
    data = json.loads(brotli.decompress(response.get_data()))
    assert data["tables"] == plain["tables"]


def test_each_csv_has_a_header_and_the_rows_of_the_json(db, client, scenario):
    tables = json.loads(download(client, "/open-data.json")[1])["tables"]
    for table in set(open_data.TABLES) - set(OPINION_TABLES):  # tests/opinions/test_open_data.py
        response, body = download(client, f"/open-data/{table}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == f'attachment; filename="{table}.csv"'
        reader = csv.DictReader(io.StringIO(body))
        rows = list(reader)
        assert reader.fieldnames == list(open_data.COLUMNS[table]) == sorted(
            tables[table][0], key=reader.fieldnames.index), table
        assert len(rows) == len(tables[table]), table
        first = "submission_id" if table == "memberships" else (
            "number" if table == "revisions" else "id")
        assert [row[first] for row in rows] == [str(row[first]) for row in tables[table]]
    [linked] = [row for row in tables["responses"] if row["commitment_ids"]]
    rows = csv.DictReader(io.StringIO(download(client, "/open-data/responses.csv")[1]))
    [written] = [row for row in rows if row["id"] == str(linked["id"])]
    assert json.loads(written["commitment_ids"]) == linked["commitment_ids"]
    assert client.get("/open-data/nothing.csv").status_code == 404


def test_with_nothing_public_each_table_is_empty_and_each_csv_a_header(db, client,
                                                                       create_consultation,
                                                                       create_submission):
    create_submission(create_consultation(Phase.DRAFT), "Not public yet")
    data = json.loads(download(client, "/open-data.json")[1])
    jsonschema.validate(data, json.loads(open_data.SCHEMA.read_text()))
    assert data["tables"] == {table: [] for table in open_data.TABLES}
    for table in open_data.TABLES:
        body = download(client, f"/open-data/{table}.csv")[1]
        assert body == ",".join(open_data.COLUMNS[table]) + "\n"


def test_consult_export_writes_the_same_data_in_both_formats(db, client, runner, scenario,
                                                              tmp_path):
    streamed = json.loads(download(client, "/open-data.json")[1])
    result = runner.invoke(cli, ["export", "--format", "json", str(tmp_path / "open.json")])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "open.json").read_text(encoding="utf-8"))
    assert written["tables"] == streamed["tables"] and written["version"] == "1.2"

    result = runner.invoke(cli, ["export", "--format", "csv", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    assert f"{len(open_data.TABLES)} file(s)" in result.output
    for table, rows in streamed["tables"].items():
        lines = (tmp_path / "csv" / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        assert lines[0].split(",")[0] == open_data.COLUMNS[table][0]
        assert len(list(csv.DictReader(lines))) == len(rows), table


def submission_reads(seen: list[str]) -> int:
    return sum(1 for statement in seen
               if statement.lstrip().startswith("SELECT submission.id, submission.consultation"))


def test_the_export_reads_ideas_in_batches_and_only_as_it_is_written(db, scenario):
    add_ideas(db, scenario.consultation, 5)
    published = len(reference(db)["submissions"])
    assert published == 15
    with statements() as seen:
        chunks = open_data.json_chunks(db.session, size=4)
        assert seen == []  # nothing is read before the document is written
        data = json.loads("".join(chunks))
    assert len(data["tables"]["submissions"]) == published
    assert submission_reads(seen) == published // 4 + 1  # 4 + 4 + 4 + 3 rows
    with statements() as seen:
        rows = list(csv.DictReader(io.StringIO("".join(
            open_data.csv_chunks(db.session, "submissions", size=2)))))
    assert len(rows) == published and submission_reads(seen) == published // 2 + 1


def count_statements(client, url: str) -> int:
    with statements() as seen:
        response, _ = download(client, url)
    assert response.status_code == 200
    return len(seen)


@pytest.mark.parametrize("url", ["/open-data.json", "/open-data/submissions.csv",
                                 "/open-data/responses.csv"])
def test_the_number_of_queries_does_not_grow_with_the_ideas(db, client, scenario, url):
    download(client, url)  # warm-up: the organisation, the settings
    before = count_statements(client, url)
    add_ideas(db, scenario.consultation, 40)
    assert count_statements(client, url) == before


def test_the_event_record_is_streamed_with_every_event(db, client, scenario):
    plan = db.session.scalar(select(ActionPlan).where(
        ActionPlan.consultation_id == scenario.consultation.id))
    events.record_many(db.session, None, "submission.imported",
                       [(idea, {}) for idea in scenario.ideas])
    db.session.commit()
    response, body = download(client, f"/plans/{plan.id}/record.jsonl")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="consult-record.jsonl"'
    lines = [json.loads(line) for line in body.splitlines()]
    assert [line["object_id"] for line in lines] == [idea.id for idea in scenario.ideas]
    assert events.verify_chain(db.session, scenario.consultation.organisation_id).ok

