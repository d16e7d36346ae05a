"""Open data: everything public, as JSON (validated by consult/schemas/) or CSV tables.

No personal data: no author, email, account or demographic; anonymous ideas stay anonymous;
answers and assessments without who drafted, reviewed or wrote them. Only public consultations,
published ideas, published plans and commitments, published (or since corrected) answers,
published assessments.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from consult.consultations.models import Consultation, Question
from consult.consultations.services import PUBLIC_PHASES
from consult.core.base import utcnow
from consult.core.csv_files import SafeDictWriter
from consult.ideas.models import Submission, SubmissionStatus
from consult.plans.models import (
    ActionPlan,
    Assessment,
    Commitment,
    CommitmentStatus,
    Milestone,
    ProgressUpdate,
    ProvenanceLink,
)
from consult.responses.models import Response, ResponseState
from consult.themes.models import Theme, ThemeMembership
from consult.themes.state import current_run
from consult.themes.views import themes_are_public

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "open-data.schema.json"
FORMAT_VERSION = "1.1"
TABLES = ("consultations", "questions", "submissions", "themes", "memberships", "plans",
          "commitments", "milestones", "provenance_links", "revisions", "responses",
          "progress_updates", "assessments")


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return getattr(value, "value", value)  # enums as their value


def _row(obj, fields: tuple[str, ...]) -> dict:
    return {name: _value(getattr(obj, name)) for name in fields}


def collect(session: Session) -> dict:
    """Every public table as lists of rows."""
    consultations = list(session.scalars(select(Consultation).where(
        Consultation.phase.in_(PUBLIC_PHASES)).order_by(Consultation.id)))
    ids = [c.id for c in consultations]
    data: dict[str, list[dict]] = {table: [] for table in TABLES}
    data["consultations"] = [_row(c, ("id", "title", "summary", "language", "phase", "opens_at",
                                      "closes_at")) for c in consultations]
    data["questions"] = [_row(q, ("id", "consultation_id", "position", "text")) for q in
                         session.scalars(select(Question).where(Question.consultation_id.in_(ids))
                                         .order_by(Question.id))]
    data["submissions"] = [
        _row(s, ("id", "consultation_id", "question_id", "title", "text", "language", "area",
                 "channel", "received_at", "support_count"))
        for s in session.scalars(select(Submission).where(
            Submission.consultation_id.in_(ids), Submission.status == SubmissionStatus.PUBLISHED)
            .order_by(Submission.id))]
    published = {row["id"] for row in data["submissions"]}
    for consultation in consultations:
        _themes(session, consultation, data, published)
    _plans(session, ids, data, published)
    _answers(session, ids, data, published)
    _monitoring(session, data)
    return {"format": "consult-open-data", "version": FORMAT_VERSION,
            "generated_at": utcnow().isoformat(), "tables": data}


def _themes(session: Session, consultation: Consultation, data: dict, published: set[int]):
    run = current_run(session, consultation.id)
    if run is None or not themes_are_public(consultation):
        return
    data["themes"] += [
        {**_row(t, ("id", "consultation_id", "label", "description", "merged_into_id")),
         "keywords": t.keywords, "live": t.is_live}
        for t in session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)
                                 .order_by(Theme.id))]
    data["memberships"] += [
        {"submission_id": m.submission_id, "theme_id": m.theme_id, "run_id": m.run_id}
        for m in session.scalars(select(ThemeMembership).where(ThemeMembership.run_id == run.id)
                                 .order_by(ThemeMembership.submission_id))
        if m.submission_id in published]


def _plans(session: Session, consultation_ids: list[int], data: dict, published: set[int]):
    plans = list(session.scalars(select(ActionPlan).where(
        ActionPlan.consultation_id.in_(consultation_ids), ActionPlan.published_at.is_not(None))
        .order_by(ActionPlan.id)))
    data["plans"] = [_row(p, ("id", "consultation_id", "title", "starts_on", "ends_on", "status",
                              "max_commitments", "published_at")) for p in plans]
    commitments = list(session.scalars(select(Commitment).where(
        Commitment.plan_id.in_([p.id for p in plans]),
        Commitment.status == CommitmentStatus.PUBLISHED).order_by(Commitment.id)))
    data["commitments"] = [_row(c, (
        "id", "plan_id", "position", "title", "problem", "status_quo", "action", "contribution",
        "relevance", "lead_institution", "supporting_government", "supporting_civil_society",
        "starts_on", "ends_on", "published_at")) for c in commitments]
    ids = [c.id for c in commitments]
    data["milestones"] = [_row(m, ("id", "commitment_id", "description", "due_on",
                                   "responsible", "status"))
                          for m in session.scalars(select(Milestone).where(
                              Milestone.commitment_id.in_(ids)).order_by(Milestone.id))]
    data["provenance_links"] = [
        _row(link, ("id", "commitment_id", "theme_id", "submission_id", "passage_start",
                    "passage_end", "note", "created_at"))
        for link in session.scalars(select(ProvenanceLink).where(
            ProvenanceLink.commitment_id.in_(ids), ProvenanceLink.removed_at.is_(None))
            .order_by(ProvenanceLink.id))
        if link.submission_id is None or link.submission_id in published]
    data["revisions"] = [
        {"commitment_id": c.id, "number": r.number, "created_at": _value(r.created_at),
         "reason": r.reason, "changes": r.changes}
        for c in commitments for r in c.revisions]


def _answers(session: Session, consultation_ids: list[int], data: dict, published: set[int]):
    """Published answers and the published versions corrections replaced, to published ideas
    and public themes, with the published commitments they point to."""
    themes = {row["id"] for row in data["themes"]}
    commitments = {row["id"] for row in data["commitments"]}
    responses = session.scalars(select(Response).where(
        Response.consultation_id.in_(consultation_ids), Response.published_at.is_not(None),
        Response.state.in_([ResponseState.PUBLISHED, ResponseState.SUPERSEDED]))
        .options(selectinload(Response.commitments)).order_by(Response.id))
    data["responses"] = [
        {**_row(r, ("id", "consultation_id", "submission_id", "theme_id", "from_theme_id",
                    "status", "state", "text", "office", "published_at", "superseded_at",
                    "version", "corrects_id")),
         "commitment_ids": [c.id for c in r.commitments if c.id in commitments]}
        for r in responses
        if (r.submission_id in published if r.submission_id is not None
            else r.theme_id in themes)]


def _monitoring(session: Session, data: dict):
    """Progress reported on published commitments, and the monitors' published assessments."""
    ids = [row["id"] for row in data["commitments"]]
    data["progress_updates"] = [
        _row(p, ("id", "commitment_id", "milestone_id", "status", "on", "evidence_url", "text",
                 "created_at"))
        for p in session.scalars(select(ProgressUpdate).where(
            ProgressUpdate.commitment_id.in_(ids)).order_by(ProgressUpdate.id))]
    data["assessments"] = [
        {**_row(a, ("id", "commitment_id", "completion", "opened_government", "text",
                    "published_at")), "evidence": a.evidence}
        for a in session.scalars(select(Assessment).where(
            Assessment.commitment_id.in_(ids), Assessment.published_at.is_not(None))
            .order_by(Assessment.id))]


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def to_csv(rows: list[dict]) -> str:
    """One table as CSV; lists and objects are written as JSON in their cell; text that a
    spreadsheet would run as a formula is neutralised (consult.core.csv_files)."""
    out = io.StringIO()
    if not rows:
        return ""
    writer = SafeDictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: json.dumps(value, ensure_ascii=False)
                         if isinstance(value, list | dict) else value
                         for key, value in row.items()})
    return out.getvalue()


def write(data: dict, out: Path, fmt: str) -> list[Path]:
    """Write ``data`` to ``out``: one JSON file, or a folder with one CSV per table."""
    if fmt == "json":
        out.write_text(to_json(data), encoding="utf-8")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, rows in data["tables"].items():
        path = out / f"{table}.csv"
        path.write_text(to_csv(rows), encoding="utf-8")
        written.append(path)
    return written
