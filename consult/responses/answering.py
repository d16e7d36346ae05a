"""Officials answer ideas and themes: drafts, a second official's review, publishing, and
corrections that never overwrite what was published.

A theme's answer gives each idea of the theme a row of its own (`from_theme_id`), kept in the
same words and state as the theme's, so every idea stays answered one by one. The read side,
which answer stands for an idea, is `consult.responses.answers`.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.consultations.services import PUBLIC_PHASES
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError, NotAllowed
from consult.core.labels import label
from consult.core.user import User
from consult.ideas.models import Submission, SubmissionStatus
from consult.plans.models import ActionPlan, Commitment
from consult.responses import notices
from consult.responses.models import Response, ResponseState, ResponseStatus
from consult.themes.models import Theme, ThemeMembership
from consult.themes.state import current_run, resolve_theme

TEXT_MAX, OFFICE_MAX, REASON_MAX = 5000, 200, 2000
PENDING = (ResponseState.DRAFT, ResponseState.IN_REVIEW)
SHOWN = (ResponseState.PUBLISHED, ResponseState.SUPERSEDED)
# What the idea rows of a theme's answer copy from it.
COPIED = ("status", "state", "text", "translations", "office", "correction_reason",
          "drafted_by_id", "reviewed_by_id", "published_by_id", "submitted_at", "published_at")


class AnswerError(ConsultError):
    """A refused answer; `field` names the form field at fault, when there is one."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- drafting ---------------------------------------------------------------------------------

def draft_answer(session: Session, actor: User, submission: Submission,
                 status: ResponseStatus | str, text: str, office: str = "",
                 commitment_ids: Iterable[int] = ()) -> Response:
    """A draft answer of the idea's own; it stands over any answer the idea got with its theme."""
    _check_answerable(submission.consultation)
    _check_published(submission)
    own = session.scalars(select(Response).where(
        Response.submission_id == submission.id, Response.from_theme_id.is_(None),
        Response.state.in_([*PENDING, ResponseState.PUBLISHED]))).all()
    if any(r.state in PENDING for r in own):
        raise Conflict(_l("This idea already has an answer in progress: edit that one."))
    if own:
        raise Conflict(_l("This idea already has its own published answer: correct it if it "
                          "must change."))
    response = Response(consultation_id=submission.consultation_id, submission_id=submission.id,
                        drafted_by_id=actor.id)
    _write(session, response, submission.consultation, status, text, office, commitment_ids)
    session.add(response)
    events.record(session, actor, "response.drafted", response, about(response))
    return response


def draft_theme_answer(session: Session, actor: User, theme: Theme,
                       status: ResponseStatus | str, text: str, office: str = "",
                       commitment_ids: Iterable[int] = ()) -> Response:
    """A draft answer to a theme, copied to a row for each idea now in the theme."""
    consultation = theme.consultation
    _check_answerable(consultation)
    _check_live(session, theme)
    if not _theme_idea_ids(session, theme):
        raise ConsultError(_l("This theme has no published ideas to answer."))
    existing = session.scalars(select(Response.state).where(
        Response.theme_id == theme.id, Response.submission_id.is_(None),
        Response.state.in_([*PENDING, ResponseState.PUBLISHED]))).all()
    if any(state in PENDING for state in existing):
        raise Conflict(_l("This theme already has an answer in progress: edit that one."))
    if existing:
        raise Conflict(_l("This theme already has a published answer: correct it if it must "
                          "change."))
    response = Response(consultation_id=consultation.id, theme_id=theme.id,
                        drafted_by_id=actor.id)
    _write(session, response, consultation, status, text, office, commitment_ids)
    session.add(response)
    session.flush()
    ideas = _follow(session, response)
    events.record(session, actor, "response.drafted", response, about(response) | {
        "ideas": ideas})
    return response


def edit_draft(session: Session, actor: User, response: Response, status: ResponseStatus | str,
               text: str, office: str = "", commitment_ids: Iterable[int] = (),
               reason: str | None = None) -> None:
    """Change an answer before it is published. An answer in review goes back to draft, and
    whoever changed it counts as its drafter: someone else reviews the new words."""
    _check_top(response, _l("This answer came with the theme's answer: edit the theme's answer, "
                            "or give the idea an answer of its own."))
    if response.state in SHOWN:
        raise Conflict(_l("A published answer is never changed: write a correction instead."))
    _write(session, response, response.consultation, status, text, office, commitment_ids)
    if response.corrects_id is not None and reason is not None:
        response.correction_reason = _reason(reason)
    response.state, response.drafted_by_id = ResponseState.DRAFT, actor.id
    response.reviewed_by_id = response.submitted_at = None
    _follow(session, response)
    events.record(session, actor, "response.edited", response, about(response))


def discard_draft(session: Session, actor: User, response: Response) -> None:
    """Delete an answer that was never published (and its ideas' copies)."""
    _check_top(response, _l("This answer came with the theme's answer: discard the theme's "
                            "answer instead."))
    if response.state in SHOWN:
        raise Conflict(_l("A published answer is never deleted: write a correction instead."))
    described = about(response)
    for child in children_of(session, response):
        session.delete(child)
    events.record(session, actor, "response.discarded", response, described)
    session.delete(response)
    session.flush()


def _write(session: Session, response: Response, consultation: Consultation,
           status: ResponseStatus | str, text: str, office: str,
           commitment_ids: Iterable[int]) -> None:
    try:
        status = ResponseStatus(status)
    except ValueError:
        raise AnswerError(_l("Choose one of the answers in the list."), "status") from None
    text, office = (text or "").strip(), (office or "").strip()
    if not text and status is not ResponseStatus.ACCEPTED:
        raise AnswerError(_l("Explain this answer: every answer other than “Accepted” needs a "
                             "justification."), "text")
    if len(text) > TEXT_MAX:
        raise AnswerError(_l("The answer must have at most %(n)s characters.", n=TEXT_MAX),
                          "text")
    if len(office) > OFFICE_MAX:
        raise AnswerError(_l("The office must have at most %(n)s characters.", n=OFFICE_MAX),
                          "office")
    commitments = _commitments(session, consultation, commitment_ids)
    response.status, response.text = status, text
    response.office = office or consultation.office.strip()
    response.commitments = commitments


def _commitments(session: Session, consultation: Consultation,
                 ids: Iterable[int]) -> list[Commitment]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found = session.scalars(select(Commitment).join(ActionPlan).where(
        Commitment.id.in_(wanted), ActionPlan.consultation_id == consultation.id)).all()
    if len(found) != len(wanted):
        raise AnswerError(_l("Link only commitments of this consultation's action plan."),
                          "commitments")
    return sorted(found, key=lambda c: c.position)


# --- review and publishing --------------------------------------------------------------------

def submit_for_review(session: Session, actor: User, response: Response) -> None:
    """Ask a second official to review a draft."""
    _check_top(response, _l("Send the theme's answer for review instead."))
    if response.state is not ResponseState.DRAFT:
        raise Conflict(_l("Only a draft is sent for review; this answer is: %(state)s.",
                          state=state_name(response)))
    response.state, response.submitted_at = ResponseState.IN_REVIEW, utcnow()
    response.review_comment = ""
    _follow(session, response)
    events.record(session, actor, "response.submitted", response, about(response))


def approve(session: Session, actor: User, response: Response) -> None:
    """A second official approves an answer waiting for review; never its own drafter."""
    _check_top(response, _l("Review the theme's answer instead."))
    if response.state is not ResponseState.IN_REVIEW:
        raise Conflict(_l("Only an answer waiting for review is approved; this answer is: "
                          "%(state)s.", state=state_name(response)))
    if response.reviewed_by_id is not None:
        raise Conflict(_l("This answer is already approved."))
    if response.drafted_by_id == actor.id:
        raise NotAllowed(_l("You wrote this answer: another official must review it."))
    response.reviewed_by_id = actor.id
    _follow(session, response)
    events.record(session, actor, "response.approved", response, about(response))


def publish(session: Session, actor: User, response: Response) -> None:
    """Make an answer public (with its ideas' copies); a correction supersedes the version it
    corrects, which stays visible."""
    _check_top(response, _l("Publish the theme's answer: its ideas' answers follow it."))
    if response.state is ResponseState.PUBLISHED:
        raise Conflict(_l("This answer is already published."))
    if response.state is ResponseState.SUPERSEDED:
        raise Conflict(_l("This answer was corrected since: it cannot be published again."))
    if _review_required(response) and response.reviewed_by_id is None:
        raise NotAllowed(_l("A second official must review this answer before it is "
                            "published."))
    _check_answerable(response.consultation)
    if response.submission is not None and response.corrects_id is None:
        _check_published(response.submission)
    if response.theme is not None and response.corrects_id is None:
        _check_live(session, response.theme)
    now = utcnow()
    if response.corrects is not None:
        _supersede(session, response.corrects, now)
    response.state, response.published_at, response.published_by_id = (
        ResponseState.PUBLISHED, now, actor.id)
    ideas = _follow(session, response)
    events.record(session, actor, "response.published", response, about(response) | {
        "ideas": ideas})
    notices.queue_answered(session, response)


def _supersede(session: Session, old: Response, now) -> None:
    if old.state is not ResponseState.PUBLISHED:
        raise Conflict(_l("The answer this corrects was already corrected: correct the latest "
                          "version."))
    for row in (old, *children_of(session, old)):
        if row.state is ResponseState.PUBLISHED:
            row.state, row.superseded_at = ResponseState.SUPERSEDED, now


def next_steps(response: Response, actor: User) -> set[str]:
    """What `actor` may do next with an answer: edit, discard, submit, approve, publish,
    correct. Pages offer these; the services above refuse anything else."""
    if response.from_theme_id is not None or response.state is ResponseState.SUPERSEDED:
        return set()
    if response.state is ResponseState.PUBLISHED:
        return {"correct"}
    steps = {"edit", "discard"}
    if response.state is ResponseState.DRAFT:
        steps.add("submit")
    elif response.reviewed_by_id is None and response.drafted_by_id != actor.id:
        steps.add("approve")
    if response.reviewed_by_id is not None or not _review_required(response):
        steps.add("publish")
    return steps


# --- corrections ------------------------------------------------------------------------------

def correct(session: Session, actor: User, published: Response, status: ResponseStatus | str,
            text: str, reason: str, office: str | None = None,
            commitment_ids: Iterable[int] | None = None) -> Response:
    """A new version of a published answer, drafted, reviewed and published like any answer;
    the published one stays public until the correction is published."""
    _check_top(published, _l("This idea's answer came with its theme: correct the theme's "
                             "answer, or give the idea an answer of its own."))
    if published.state in PENDING:
        raise ConsultError(_l("This answer is not published yet: edit it instead."))
    if published.state is ResponseState.SUPERSEDED:
        raise Conflict(_l("This answer was already corrected: correct its latest version."))
    if session.scalar(select(Response.id).where(Response.corrects_id == published.id,
                                                Response.state.in_(PENDING))):
        raise Conflict(_l("A correction of this answer is already in progress: edit that one."))
    reason = _reason(reason)
    correction = Response(
        consultation_id=published.consultation_id, submission_id=published.submission_id,
        theme_id=published.theme_id, corrects=published, version=published.version + 1,
        correction_reason=reason, drafted_by_id=actor.id)
    _write(session, correction, published.consultation, status, text,
           published.office if office is None else office,
           [c.id for c in published.commitments] if commitment_ids is None else commitment_ids)
    session.add(correction)
    session.flush()
    _follow(session, correction)
    events.record(session, actor, "response.correction_drafted", correction,
                  about(correction) | {"corrects": published.id})
    return correction


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise AnswerError(_l("Say why this answer is corrected: residents see the reason."),
                          "reason")
    if len(reason) > REASON_MAX:
        raise AnswerError(_l("The reason must have at most %(n)s characters.", n=REASON_MAX),
                          "reason")
    return reason


# --- the ideas of a theme's answer ------------------------------------------------------------

def _theme_idea_ids(session: Session, theme: Theme) -> set[int]:
    run = current_run(session, theme.consultation_id)
    if run is None:
        return set()
    return set(session.scalars(
        select(Submission.id).join(ThemeMembership, ThemeMembership.submission_id == Submission.id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
               Submission.status == SubmissionStatus.PUBLISHED)))


def children_of(session: Session, response: Response | None) -> list[Response]:
    if response is None or response.id is None:
        return []
    return list(session.scalars(select(Response).where(Response.from_theme_id == response.id)))


def _follow(session: Session, response: Response) -> int:
    """Bring a theme answer's idea rows in line with it: one per idea now in the theme (and per
    idea the corrected version covered), in its words and state. Returns how many."""
    if response.theme_id is None or response.submission_id is not None:
        return 0
    values = {name: getattr(response, name) for name in COPIED}
    commitments = list(response.commitments)
    before = {row.submission_id: row for row in children_of(session, response.corrects)}
    wanted = _theme_idea_ids(session, response.theme) | set(before)
    rows = {}
    for row in children_of(session, response):
        if row.submission_id in wanted:
            rows[row.submission_id] = row
        else:  # the idea left the theme before the answer was published
            session.delete(row)
    for submission_id in sorted(wanted - rows.keys()):
        old = before.get(submission_id)
        rows[submission_id] = Response(
            consultation_id=response.consultation_id, submission_id=submission_id,
            from_theme_id=response.id, corrects_id=old.id if old else None,
            version=old.version + 1 if old else 1, **values)
        session.add(rows[submission_id])
    for row in rows.values():
        for name, value in values.items():
            setattr(row, name, value)
        row.commitments = list(commitments)
    session.flush()
    return len(rows)


# --- checks -----------------------------------------------------------------------------------

def _check_answerable(consultation: Consultation) -> None:
    if consultation.phase not in PUBLIC_PHASES:
        raise NotAllowed(_l("This consultation is still a draft: its ideas cannot be answered "
                            "yet."))


def _check_published(submission: Submission) -> None:
    if submission.status is not SubmissionStatus.PUBLISHED:
        raise NotAllowed(_l("Only published ideas are answered: this one is waiting for "
                            "moderation or was hidden."))


def _check_live(session: Session, theme: Theme) -> None:
    live = resolve_theme(session, theme.id)
    if live is None or live.id != theme.id or not theme.is_live:
        raise ConsultError(_l("This theme was merged or replaced: answer the theme its ideas "
                              "are in now."))


def _review_required(response: Response) -> bool:
    return response.consultation.organisation.review_required


def _check_top(response: Response, message: object) -> None:
    if response.from_theme_id is not None:
        raise ConsultError(message)


def state_name(response: Response) -> str:
    return label(response.state)


def about(response: Response) -> dict:
    about = {"status": response.status.value, "version": response.version}
    if response.submission_id is not None:
        about["submission"] = response.submission_id
    else:
        about["theme"] = response.theme_id
    return about
