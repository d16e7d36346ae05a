"""After the plan is written: officials adopt it (signing off one version, fingerprinted) and
report progress on its milestones."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.base import utcnow
from consult.core.dates import format_day
from consult.core.errors import Conflict, ConsultError
from consult.core.user import User
from consult.plans.models import (
    TEMPLATE_FIELDS,
    ActionPlan,
    Commitment,
    CommitmentStatus,
    Milestone,
    MilestoneStatus,
    PlanStatus,
    ProgressUpdate,
)

URL_MAX = 500
TEXT_MAX = 5000
REPORTING_STATUSES = (PlanStatus.ADOPTED, PlanStatus.IMPLEMENTING)


def latest_date_on_earth() -> date:
    """Today where it is latest (UTC+14): a date after this one is in the future everywhere.

    The organisation's time zone is not stored, so "today" must not refuse a date that is
    already today for the people entering it.
    """
    return (utcnow() + timedelta(hours=14)).date()


def clean_evidence_url(url: str | None) -> str:
    """The link, trimmed, when it is a web address (http or https); "" for none."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if (parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or any(c.isspace() for c in url)):
        raise ConsultError(_l("An evidence link must be a web address starting with http:// or "
                              "https://, such as https://example.org/report.pdf."))
    if len(url) > URL_MAX:
        raise ConsultError(_l("An evidence link may be at most %(n)s characters long.", n=URL_MAX))
    return url


# --- adoption ---------------------------------------------------------------------------------

def adopted_snapshot(plan: ActionPlan) -> dict:
    """The plan as signed off: its published commitments' template fields and milestones."""
    commitments = [c for c in plan.commitments if c.status is CommitmentStatus.PUBLISHED]
    return {
        "plan": {"id": plan.id, "title": plan.title, "starts_on": plan.starts_on.isoformat(),
                 "ends_on": plan.ends_on.isoformat()},
        "commitments": [
            {"id": c.id, "position": c.position,
             **_template(c),
             "milestones": [{"id": m.id, "description": m.description,
                             "due_on": m.due_on.isoformat(), "responsible": m.responsible}
                            for m in c.milestones]}
            for c in commitments],
    }


def canonical_json(snapshot: dict) -> bytes:
    """The one byte string a snapshot hashes to: sorted keys, no spaces, UTF-8."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def version_sha256(snapshot: dict) -> str:
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


def adopt_plan(session: Session, official: User, plan: ActionPlan, adopted_on: date) -> None:
    """Sign the plan off: the version adopted is kept, with its SHA-256, for anyone to check."""
    # Lock the row (PostgreSQL) and read it as committed: of two officials adopting at once,
    # the second gets the Conflict instead of a second signature.
    committed = session.scalar(select(ActionPlan.adopted_sha256)
                               .where(ActionPlan.id == plan.id).with_for_update())
    if plan.adopted_sha256 is not None or committed is not None:
        raise Conflict(_l("This plan was already adopted on %(date)s.",
                          date=format_day(plan.adopted_on) if plan.adopted_on else "–"))
    if plan.status is PlanStatus.CLOSED:
        raise Conflict(_l("This plan is closed: it can no longer be adopted."))
    if not plan.is_published:
        raise ConsultError(_l("Only a published plan can be adopted: publish it first."))
    if not any(c.status is CommitmentStatus.PUBLISHED for c in plan.commitments):
        raise ConsultError(_l("The plan has no published commitment to adopt."))
    if adopted_on is None:
        raise ConsultError(_l("Give the date the plan was adopted."))
    if adopted_on > latest_date_on_earth():
        raise ConsultError(_l("The adoption date cannot be in the future."))
    snapshot = adopted_snapshot(plan)
    plan.adopted_version = snapshot
    plan.adopted_sha256 = version_sha256(snapshot)
    plan.adopted_on, plan.adopted_by = adopted_on, official
    if plan.status is not PlanStatus.IMPLEMENTING:
        plan.status = PlanStatus.ADOPTED
    events.record(session, official, "plan.adopted", plan, {
        "adopted_on": adopted_on.isoformat(), "sha256": plan.adopted_sha256,
        "commitments": [c["id"] for c in snapshot["commitments"]]})


def adoption_difference(plan: ActionPlan, commitment: Commitment) -> str | None:
    """How a commitment of an adopted plan compares with the version signed off: None (no
    adoption, or it reads the same), "changed", or "absent" (it was not part of it)."""
    if not plan.adopted_version:
        return None
    adopted = {c["id"]: c for c in plan.adopted_version.get("commitments", [])}
    if commitment.id not in adopted:
        return "absent"
    now = _template(commitment)
    if any(adopted[commitment.id].get(name) != now[name] for name in TEMPLATE_FIELDS):
        return "changed"
    return None


def _template(commitment: Commitment) -> dict:
    """The commitment's template fields as JSON values (dates as ISO strings)."""
    values = {name: getattr(commitment, name) for name in TEMPLATE_FIELDS}
    return {name: v.isoformat() if isinstance(v, date) else v for name, v in values.items()}


# --- progress ---------------------------------------------------------------------------------

def accepts_progress(plan: ActionPlan) -> bool:
    """Progress is reported once the plan is adopted, until it is closed."""
    return plan.adopted_sha256 is not None and plan.status in REPORTING_STATUSES


def post_progress(session: Session, official: User, commitment: Commitment,
                  milestone_id: int | None, status: MilestoneStatus, on: date,
                  evidence_url: str | None, text: str) -> ProgressUpdate:
    """Report progress on a milestone (or on the commitment as a whole, without one).

    The milestone takes the reported status; the plan's first report starts its implementation.
    """
    plan = commitment.plan
    if not accepts_progress(plan):
        raise Conflict(_l("Progress is reported on an adopted plan only: adopt the plan first."))
    if commitment.status is not CommitmentStatus.PUBLISHED:
        raise ConsultError(_l("Progress is reported on published commitments only."))
    milestone = _milestone_of(session, commitment, milestone_id)
    text = (text or "").strip()
    if not text:
        raise ConsultError(_l("Say what was done: the text of the update is required."))
    if len(text) > TEXT_MAX:
        raise ConsultError(_l("An update may be at most %(n)s characters long.", n=TEXT_MAX))
    if on is None:
        raise ConsultError(_l("Give the date of this progress."))
    if on > latest_date_on_earth():
        raise ConsultError(_l("The date of a progress update cannot be in the future."))
    status = _status(status)
    update = ProgressUpdate(commitment=commitment, milestone=milestone, status=status, on=on,
                            evidence_url=clean_evidence_url(evidence_url), text=text,
                            author=official)
    session.add(update)
    if milestone is not None:
        milestone.status = status
    events.record(session, official, "progress.posted", update, {
        "commitment": commitment.id, "milestone": milestone.id if milestone else None,
        "status": status.value, "on": on.isoformat(), "evidence_url": update.evidence_url})
    if plan.status is PlanStatus.ADOPTED:
        plan.status = PlanStatus.IMPLEMENTING
        events.record(session, official, "plan.implementing", plan, {"progress": update.id})
    return update


def _milestone_of(session: Session, commitment: Commitment,
                  milestone_id: int | None) -> Milestone | None:
    if milestone_id is None:
        return None
    milestone = session.get(Milestone, milestone_id)
    if milestone is None or milestone.commitment_id != commitment.id:
        raise ConsultError(_l("That milestone is not one of this commitment's milestones: "
                              "choose one from the list."))
    return milestone


def _status(status: MilestoneStatus | str) -> MilestoneStatus:
    try:
        return MilestoneStatus(status)
    except ValueError:
        raise ConsultError(_l("Choose a status from the list.")) from None


@dataclass
class MilestoneProgress:
    """One milestone (None: the commitment as a whole) and its updates, oldest first."""

    milestone: Milestone | None
    updates: list[ProgressUpdate] = field(default_factory=list)


def progress(session: Session, commitment: Commitment) -> list[MilestoneProgress]:
    """Every milestone of the commitment with the updates reported on it, in milestone order;
    updates on the commitment as a whole come first."""
    updates = session.scalars(select(ProgressUpdate).where(
        ProgressUpdate.commitment_id == commitment.id)
        .order_by(ProgressUpdate.on, ProgressUpdate.id)).all()
    rows = [MilestoneProgress(None)] + [MilestoneProgress(m) for m in commitment.milestones]
    by_id = {row.milestone.id: row for row in rows[1:]}
    for update in updates:
        by_id.get(update.milestone_id, rows[0]).updates.append(update)
    return [row for row in rows if row.milestone is not None or row.updates]
