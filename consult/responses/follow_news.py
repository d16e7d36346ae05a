"""What the daily digest tells a follower: the news of each consultation or commitment they
follow, read from the events their notices name (see consult.responses.notices)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Phase
from consult.core.event import Event
from consult.core.labels import label
from consult.plans.models import ActionPlan, Milestone, ProgressUpdate
from consult.responses.follows import stop_link, target_link
from consult.responses.models import Notice

LinkBuilder = Callable[..., str]
TEXT_SHOWN = 300  # characters of a progress update quoted in the mail


@dataclass
class FollowNews:
    """What one follow has to tell: lines in the reader's language once rendered."""

    title: str
    is_consultation: bool
    link: str
    stop: str
    lines: list = field(default_factory=list)  # lazy strings: rendered in the mail's locale


def is_live(notice: Notice) -> bool:
    """A follower's notice still stands: its follow exists, is confirmed and has its address."""
    follow = notice.follow
    return follow is not None and follow.is_confirmed and follow.email == notice.email


def gather(session: Session, pending: list[Notice], link: LinkBuilder) -> dict[int, FollowNews]:
    """The news of each follow (by follow id) that `pending` notices name, in event order."""
    if not pending:
        return {}
    recorded = {e.id: e for e in session.scalars(
        select(Event).where(Event.id.in_({n.ref_id for n in pending})))}
    news: dict[int, FollowNews] = {}
    answered: dict[int, int] = {}  # follow id -> ideas answered, told in one line
    for notice in sorted(pending, key=lambda n: n.ref_id):
        follow = notice.follow
        entry = news.get(follow.id)
        if entry is None:
            target = follow.target
            entry = news[follow.id] = FollowNews(
                target.title, follow.consultation_id is not None, target_link(target, link),
                stop_link(follow, link))
        event = recorded.get(notice.ref_id)
        if event is None:
            continue
        if event.action == "response.published":
            answered[follow.id] = answered.get(follow.id, 0) + max(
                int(event.payload.get("ideas") or 0), 1)
        elif (line := _line(session, event, link)) is not None:
            entry.lines.append(line)
    for follow_id, count in answered.items():
        news[follow_id].lines.append(_ln(
            "%(num)s idea got an official answer.", "%(num)s ideas got an official answer.",
            count))
    return news


def _line(session: Session, event: Event, link: LinkBuilder):
    """One line of news about an event; None when what it names is gone."""
    payload, action = event.payload or {}, event.action
    if action == "consultation.phase_changed":
        return _l("It moved to a new stage: %(phase)s.", phase=label(Phase(payload["to"])))
    if action == "plan.published":
        plan = session.get(ActionPlan, event.object_id)
        return plan and _l("Its action plan was published: “%(title)s” %(link)s",
                           title=plan.title, link=link("plans.show", plan_id=plan.id))
    if action == "progress.posted":
        update = session.get(ProgressUpdate, event.object_id)
        return update and _l("Progress reported (%(status)s): %(text)s",
                             status=label(update.status), text=_short(update.text))
    if action == "milestone.added":
        milestone = session.get(Milestone, event.object_id)
        return milestone and _l("A new milestone: “%(milestone)s”.",
                                milestone=milestone.description)
    return {
        "commitment.revised": _l("The commitment was changed: its page shows what changed "
                                 "and why."),
        "plan.adopted": _l("The action plan that holds it was adopted."),
        "assessment.published": _l("An independent monitor published an assessment of it."),
    }.get(action)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_SHOWN else text[:TEXT_SHOWN - 1].rstrip() + "…"
