"""Public pages of action plans: the plan, each commitment with its provenance, exports, the
verifiable record and the open data."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_login import current_user

from consult.core.permissions import can
from consult.extensions import db
from consult.plans import follow_up_page, implementation, provenance
from consult.plans.models import ActionPlan, Commitment, CommitmentStatus
from consult.record import download as record
from consult.record import open_data, writers
from consult.web.http_caching import public_page
from consult.web.organisations import current_site
from consult.web.paging import page_number

bp = Blueprint("plans", __name__)


def _may_see_drafts() -> bool:
    return can(current_user, "drafts.read")


def _plan(plan_id: int) -> ActionPlan:
    """A published plan, or any plan for those who read drafts; 403 for an unpublished one
    otherwise."""
    plan = db.get_or_404(ActionPlan, plan_id)
    if not plan.is_published and not _may_see_drafts():
        abort(403)
    return plan


def _visible(plan: ActionPlan) -> list[Commitment]:
    drafts = _may_see_drafts()
    return [c for c in plan.commitments if drafts or c.status is CommitmentStatus.PUBLISHED]


@bp.get("/plans/")
@public_page
def index():
    plans = db.session.scalars(db.select(ActionPlan).where(ActionPlan.published_at.is_not(None))
                               .order_by(ActionPlan.starts_on.desc())).all()
    return render_template("plans/index.html", plans=plans)


@bp.get("/plans/<int:plan_id>")
@public_page
def show(plan_id: int):
    plan = _plan(plan_id)
    return render_template("plans/show.html", plan=plan, commitments=_visible(plan),
                           latest_hash=record.latest_hash(db.session, current_site().id))


@bp.get("/plans/<int:plan_id>/print")
def printable(plan_id: int):
    plan = _plan(plan_id)
    return render_template("plans/print.html", plan=plan, commitments=_visible(plan),
                           latest_hash=record.latest_hash(db.session, current_site().id))


@bp.get("/plans/<int:plan_id>.md")
def markdown(plan_id: int):
    plan = _plan(plan_id)
    text = render_template("plans/plan.md", plan=plan, commitments=_visible(plan))
    return Response(text, mimetype="text/markdown", headers={
        "Content-Disposition": f'attachment; filename="action-plan-{plan.id}.md"'})


@bp.get("/plans/<int:plan_id>/record.jsonl")
def event_record(plan_id: int):
    _plan(plan_id)
    lines = writers.chunked(record.export_lines(db.session, current_site().id))
    return Response(stream_with_context(lines), mimetype="application/x-ndjson", headers={
        "Content-Disposition": 'attachment; filename="consult-record.jsonl"'})


@bp.get("/commitments/<int:commitment_id>")
@public_page
def commitment(commitment_id: int):
    item = db.get_or_404(Commitment, commitment_id)
    _plan(item.plan_id)
    if item.status is not CommitmentStatus.PUBLISHED and not _may_see_drafts():
        abort(403)
    return render_template("plans/commitment.html", commitment=item, plan=item.plan,
                           sources=provenance.sources(db.session, item,
                                                     page=page_number(request.args)),
                           follow_up=follow_up_page.follow_up(db.session, item))


@bp.get("/plans/<int:plan_id>/adopted.json")
def adopted_version(plan_id: int):
    """The version of the plan signed off, byte for byte what its SHA-256 fingerprints."""
    plan = _plan(plan_id)
    if plan.adopted_version is None:
        abort(404)
    return Response(implementation.canonical_json(plan.adopted_version),
                    mimetype="application/json", headers={
                        "Content-Disposition":
                            f'attachment; filename="action-plan-{plan.id}-adopted.json"'})


@bp.get("/open-data/")
def open_data_page():
    return render_template("plans/open_data.html", tables=open_data.TABLES)


@bp.get("/open-data.json")
def open_data_json():
    return Response(stream_with_context(open_data.json_chunks(db.session)),
                    mimetype="application/json")


@bp.get("/open-data/<table>.csv")
def open_data_csv(table: str):
    if table not in open_data.TABLES:
        abort(404)
    chunks = stream_with_context(open_data.csv_chunks(db.session, table))
    return Response(chunks, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{table}.csv"'})


@bp.app_template_filter("word_diff")
def _word_diff(pair: list) -> str:
    from consult.web.diffs import word_diff

    return word_diff(*pair)


@bp.app_context_processor
def _commitment_vocabulary() -> dict:
    from consult.plans.labels import commitment_sections, field_label

    return {"commitment_sections": commitment_sections, "field_label": field_label}
