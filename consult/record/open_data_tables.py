"""The rows of each open-data table, read from the database a batch at a time.

The rules of consult.record.open_data (what is public) are conditions of each query: a
sub-query for the few public consultations, plans and commitments, a join or EXISTS on the
idea for rows that name one. No set of every published idea is ever held in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from enum import Enum

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, Question
from consult.consultations.services import PUBLIC_PHASES
from consult.ideas.models import Submission, SubmissionStatus
from consult.plans.models import (
    ActionPlan,
    Assessment,
    Commitment,
    CommitmentRevision,
    CommitmentStatus,
    Milestone,
    ProgressUpdate,
    ProvenanceLink,
)
from consult.record import open_data_opinions as opinion_tables
from consult.record.batches import pages
from consult.responses.models import Response, ResponseState, response_commitments
from consult.themes.models import ClusteringRun, Theme, ThemeMembership

# Each table's columns, in the order of its CSV file.
COLUMNS: dict[str, tuple[str, ...]] = {
    "consultations": ("id", "title", "summary", "language", "phase", "opens_at", "closes_at"),
    "questions": ("id", "consultation_id", "position", "text"),
    "submissions": ("id", "consultation_id", "question_id", "title", "text", "language", "area",
                    "channel", "received_at", "support_count"),
    "themes": ("id", "consultation_id", "label", "description", "merged_into_id", "keywords",
               "live"),
    "memberships": ("submission_id", "theme_id", "run_id"),
    "plans": ("id", "consultation_id", "title", "starts_on", "ends_on", "status",
              "max_commitments", "published_at"),
    "commitments": ("id", "plan_id", "position", "title", "problem", "status_quo", "action",
                    "contribution", "relevance", "lead_institution", "supporting_government",
                    "supporting_civil_society", "starts_on", "ends_on", "published_at"),
    "milestones": ("id", "commitment_id", "description", "due_on", "responsible", "status"),
    "provenance_links": ("id", "commitment_id", "theme_id", "submission_id", "passage_start",
                         "passage_end", "note", "created_at"),
    "revisions": ("commitment_id", "number", "created_at", "reason", "changes"),
    "responses": ("id", "consultation_id", "submission_id", "theme_id", "from_theme_id",
                  "status", "state", "text", "office", "published_at", "superseded_at",
                  "version", "corrects_id", "commitment_ids"),
    "progress_updates": ("id", "commitment_id", "milestone_id", "status", "on", "evidence_url",
                         "text", "created_at"),
    "assessments": ("id", "commitment_id", "completion", "opened_government", "text",
                    "published_at", "evidence"),
}

Rows = Iterator[dict]


def _value(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _select(model, fields: Sequence[str]) -> Select:
    return select(*(getattr(model, name) for name in fields))


def _dict(fields: Sequence[str], row) -> dict:
    """The first values of `row` (a statement may select more) under the names `fields`."""
    return {name: _value(value) for name, value in zip(fields, row, strict=False)}


def _rows(session: Session, statement: Select, key, fields: Sequence[str], size: int) -> Rows:
    for page in pages(session, statement, key, size):
        for row in page:
            yield _dict(fields, row)


# --- what is public -----------------------------------------------------------------------------

def public_consultations() -> Select:
    return select(Consultation.id).where(Consultation.phase.in_(PUBLIC_PHASES))


def _shown_runs() -> Select:
    """(consultation, run): the current clustering run of each public consultation, whose
    themes are shown."""
    return select(ClusteringRun.consultation_id, ClusteringRun.id).where(
        ClusteringRun.current.is_(True),
        ClusteringRun.consultation_id.in_(public_consultations()))


def _current_runs(session: Session) -> list[tuple[int, int]]:
    return list(session.execute(_shown_runs().order_by(ClusteringRun.consultation_id)))


def public_themes() -> Select:
    return select(Theme.id).where(Theme.consultation_id.in_(
        _shown_runs().with_only_columns(ClusteringRun.consultation_id)))


def with_published_idea(statement: Select, submission_id) -> Select:
    """`statement` joined to the idea `submission_id` names where that is a published idea of
    a public consultation; elsewhere Submission.id is NULL. An outer join, looked up by primary
    key row by row: an EXISTS inside an OR would make PostgreSQL hash every published idea
    again for each batch."""
    return statement.outerjoin(Submission, and_(
        Submission.id == submission_id, Submission.status == SubmissionStatus.PUBLISHED,
        Submission.consultation_id.in_(public_consultations())))


def published_commitments() -> Select:
    plans = select(ActionPlan.id).where(ActionPlan.consultation_id.in_(public_consultations()),
                                        ActionPlan.published_at.is_not(None))
    return select(Commitment.id).where(Commitment.plan_id.in_(plans),
                                       Commitment.status == CommitmentStatus.PUBLISHED)


# --- the tables ---------------------------------------------------------------------------------

def consultations(session: Session, size: int) -> Rows:
    fields = COLUMNS["consultations"]
    statement = _select(Consultation, fields).where(Consultation.phase.in_(PUBLIC_PHASES))
    return _rows(session, statement, Consultation.id, fields, size)


def questions(session: Session, size: int) -> Rows:
    fields = COLUMNS["questions"]
    statement = _select(Question, fields).where(
        Question.consultation_id.in_(public_consultations()))
    return _rows(session, statement, Question.id, fields, size)


def submissions(session: Session, size: int) -> Rows:
    fields = COLUMNS["submissions"]
    statement = _select(Submission, fields).where(
        Submission.consultation_id.in_(public_consultations()),
        Submission.status == SubmissionStatus.PUBLISHED)
    return _rows(session, statement, Submission.id, fields, size)


def themes(session: Session, size: int) -> Rows:
    fields = COLUMNS["themes"][:-1]
    for consultation_id, _ in _current_runs(session):
        statement = _select(Theme, fields).add_columns(Theme.retired_at).where(
            Theme.consultation_id == consultation_id)
        for page in pages(session, statement, Theme.id, size):
            for row in page:
                yield {**_dict(fields, row), "live": row.retired_at is None}


def memberships(session: Session, size: int) -> Rows:
    """Where each published idea sits in its consultation's current run."""
    fields = COLUMNS["memberships"]
    for consultation_id, run_id in _current_runs(session):
        statement = _select(ThemeMembership, fields).join(
            Submission, Submission.id == ThemeMembership.submission_id).where(
            ThemeMembership.run_id == run_id, Submission.consultation_id == consultation_id,
            Submission.status == SubmissionStatus.PUBLISHED)
        yield from _rows(session, statement, ThemeMembership.submission_id, fields, size)


def plans(session: Session, size: int) -> Rows:
    fields = COLUMNS["plans"]
    statement = _select(ActionPlan, fields).where(
        ActionPlan.consultation_id.in_(public_consultations()),
        ActionPlan.published_at.is_not(None))
    return _rows(session, statement, ActionPlan.id, fields, size)


def commitments(session: Session, size: int) -> Rows:
    fields = COLUMNS["commitments"]
    statement = _select(Commitment, fields).where(Commitment.id.in_(published_commitments()))
    return _rows(session, statement, Commitment.id, fields, size)


def milestones(session: Session, size: int) -> Rows:
    fields = COLUMNS["milestones"]
    statement = _select(Milestone, fields).where(
        Milestone.commitment_id.in_(published_commitments()))
    return _rows(session, statement, Milestone.id, fields, size)


def provenance_links(session: Session, size: int) -> Rows:
    """Links that stand, to public themes or published ideas."""
    fields = COLUMNS["provenance_links"]
    statement = with_published_idea(_select(ProvenanceLink, fields),
                                     ProvenanceLink.submission_id).where(
        ProvenanceLink.commitment_id.in_(published_commitments()),
        ProvenanceLink.removed_at.is_(None),
        or_(ProvenanceLink.submission_id.is_(None), Submission.id.is_not(None)))
    return _rows(session, statement, ProvenanceLink.id, fields, size)


def revisions(session: Session, size: int) -> Rows:
    """Each published commitment's revisions, in order."""
    fields = COLUMNS["revisions"]
    for commitment_id in session.scalars(published_commitments().order_by(Commitment.id)).all():
        statement = _select(CommitmentRevision, fields).where(
            CommitmentRevision.commitment_id == commitment_id)
        yield from _rows(session, statement, CommitmentRevision.number, fields, size)


def responses(session: Session, size: int) -> Rows:
    """Published answers and the published versions corrections replaced, to published ideas
    and public themes, with the published commitments they point to."""
    fields = COLUMNS["responses"][:-1]
    statement = with_published_idea(_select(Response, fields), Response.submission_id).where(
        Response.consultation_id.in_(public_consultations()),
        Response.published_at.is_not(None),
        Response.state.in_([ResponseState.PUBLISHED, ResponseState.SUPERSEDED]),
        or_(Submission.id.is_not(None),
            and_(Response.submission_id.is_(None), Response.theme_id.in_(public_themes()))))
    for page in pages(session, statement, Response.id, size):
        linked = commitments_of(session, [row.id for row in page])
        for row in page:
            yield {**_dict(fields, row), "commitment_ids": linked.get(row.id, [])}


def commitments_of(session: Session, response_ids: list[int]) -> dict[int, list[int]]:
    """Response id → the published commitments it points to, in their order in the plan."""
    linked: dict[int, list[int]] = {}
    rows = session.execute(
        select(response_commitments.c.response_id, Commitment.id)
        .join(Commitment, Commitment.id == response_commitments.c.commitment_id)
        .where(response_commitments.c.response_id.in_(response_ids),
               Commitment.id.in_(published_commitments()))
        .order_by(response_commitments.c.response_id, Commitment.position, Commitment.id))
    for response_id, commitment_id in rows:
        linked.setdefault(response_id, []).append(commitment_id)
    return linked


def progress_updates(session: Session, size: int) -> Rows:
    """Progress reported on published commitments."""
    fields = COLUMNS["progress_updates"]
    statement = _select(ProgressUpdate, fields).where(
        ProgressUpdate.commitment_id.in_(published_commitments()))
    return _rows(session, statement, ProgressUpdate.id, fields, size)


def assessments(session: Session, size: int) -> Rows:
    """The monitors' published assessments of published commitments."""
    fields = COLUMNS["assessments"]
    statement = _select(Assessment, fields).where(
        Assessment.commitment_id.in_(published_commitments()),
        Assessment.published_at.is_not(None))
    return _rows(session, statement, Assessment.id, fields, size)


READERS: dict[str, Callable[[Session, int], Rows]] = {
    "consultations": consultations, "questions": questions, "submissions": submissions,
    "themes": themes, "memberships": memberships, "plans": plans, "commitments": commitments,
    "milestones": milestones, "provenance_links": provenance_links, "revisions": revisions,
    "responses": responses, "progress_updates": progress_updates, "assessments": assessments,
}
COLUMNS.update(opinion_tables.COLUMNS)
READERS.update(opinion_tables.READERS)
