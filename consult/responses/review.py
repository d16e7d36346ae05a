"""A second official's review of answers, beyond approving one: approving several at once,
and sending one back to its drafter with a comment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.errors import Conflict, ConsultError, NotAllowed
from consult.core.user import User
from consult.responses.answering import about, approve, state_name
from consult.responses.models import Response, ResponseState

COMMENT_MIN, COMMENT_MAX = 5, 2000


def approve_many(session: Session, actor: User, responses: list[Response]) -> None:
    """Approve several answers waiting for review, each as on its own (one event each): if
    any of them cannot be approved, the caller rolls back and none is."""
    if not responses:
        raise ConsultError(_l("Tick at least one answer to approve."))
    for response in responses:
        approve(session, actor, response)


def send_back(session: Session, actor: User, response: Response, comment: str) -> None:
    """Return an answer waiting for review to its drafter, as a draft, with the reviewer's
    comment; the drafter sees it until they send the answer for review again. The event says
    that it was sent back; the comment stays among officials, as drafts do."""
    comment = comment.strip()
    if not COMMENT_MIN <= len(comment) <= COMMENT_MAX:
        raise ConsultError(_l("Say in %(min)s to %(max)s characters what the drafter should "
                              "change.", min=COMMENT_MIN, max=COMMENT_MAX))
    if response.from_theme_id is not None:
        raise ConsultError(_l("Review the theme's answer instead."))
    if response.state is not ResponseState.IN_REVIEW:
        raise Conflict(_l("Only an answer waiting for review is sent back; this answer is: "
                          "%(state)s.", state=state_name(response)))
    if response.drafted_by_id == actor.id:
        raise NotAllowed(_l("You wrote this answer: edit it instead of sending it back."))
    response.state, response.submitted_at = ResponseState.DRAFT, None
    response.reviewed_by_id, response.review_comment = None, comment
    events.record(session, actor, "response.sent_back", response, about(response))
