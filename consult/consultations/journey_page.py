"""Where a consultation stands on its way to an action plan, for residents to find each step.

ideas → themes → draft commitments → assembly → adopted plan → progress. A stage is done, the
current one, or still to come; a stage that exists publicly has a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from consult.assemblies.models import Assembly
from consult.consultations.models import Consultation, Phase
from consult.plans.models import ActionPlan, Commitment, CommitmentStatus, ProgressUpdate
from consult.themes.views import themes_are_public

STAGE_NAMES = {
    "ideas": _l("Ideas"),
    "themes": _l("Themes"),
    "drafts": _l("Draft commitments"),
    "assembly": _l("Citizens' assembly"),
    "adopted": _l("Adopted plan"),
    "progress": _l("Progress"),
}


@dataclass(frozen=True)
class Stage:
    key: str
    endpoint: str | None = None  # where residents read it, once it exists publicly
    values: tuple[tuple[str, int], ...] = ()
    state: str = "todo"  # done, current, skipped (passed without it) or todo

    @property
    def name(self) -> str:
        return str(STAGE_NAMES[self.key])

    @property
    def reached(self) -> bool:
        return self.endpoint is not None


def public_plan(session: Session, consultation: Consultation) -> ActionPlan | None:
    """The published action plan made from `consultation`, if any."""
    return session.scalar(
        select(ActionPlan).where(ActionPlan.consultation_id == consultation.id,
                                 ActionPlan.published_at.is_not(None))
        .order_by(ActionPlan.id.desc()).limit(1))


def stages(session: Session, consultation: Consultation) -> list[Stage]:
    """The six stages; the current one is the last reached (the themes once ideas close)."""
    plan = public_plan(session, consultation)
    assembly = plan and session.scalar(select(Assembly).where(Assembly.plan_id == plan.id))
    drafts = plan is not None and session.scalar(select(exists().where(
        Commitment.plan_id == plan.id, Commitment.status == CommitmentStatus.PUBLISHED)))
    progress = drafts and session.scalar(select(exists().where(
        ProgressUpdate.commitment_id == Commitment.id, Commitment.plan_id == plan.id)))
    adopted = plan is not None and plan.adopted_on is not None
    of_consultation = (("consultation_id", consultation.id),)
    of_plan = (("plan_id", plan.id),) if plan else ()
    found = [
        Stage("ideas", "submissions.index", of_consultation),
        Stage("themes", "consultations.themes" if themes_are_public(consultation) else None,
              of_consultation),
        Stage("drafts", "plans.show" if drafts else None, of_plan),
        Stage("assembly", "assemblies.show" if assembly else None,
              (("assembly_id", assembly.id),) if assembly else ()),
        Stage("adopted", "plans.show" if adopted else None, of_plan),
        Stage("progress", "plans.show" if progress else None, of_plan),
    ]
    current = max(i for i, stage in enumerate(found) if stage.reached)
    if current == 0 and consultation.phase is not Phase.OPEN:
        current = 1  # ideas are closed: the themes are being prepared
    return [Stage(s.key, s.endpoint, s.values, _state(i, current, s.reached))
            for i, s in enumerate(found)]


def _state(index: int, current: int, reached: bool) -> str:
    if index == current:
        return "current"
    if index > current:
        return "todo"
    return "done" if reached else "skipped"
