"""Officials' answers through the API: drafted, then published, as on the answers' pages (with
the second official's review when the organisation asks for one)."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from consult.api.operations import write
from consult.api.schemas.writing import AnswerInSchema, PublishInSchema, WrittenAnswerSchema
from consult.core.user import User
from consult.extensions import db
from consult.ideas.models import Submission
from consult.responses import answering
from consult.responses.models import Response

bp = Blueprint("write_answers", __name__)


@bp.post("/ideas/<int:submission_id>/answers")
@write(AnswerInSchema, WrittenAnswerSchema, _l("Draft the answer to an idea"), "response.write",
       _l("The answer is a draft until it is published, here or on the answers' pages."))
def draft(submission_id: int, actor: User, load):
    idea = db.get_or_404(Submission, submission_id)
    body = load()
    return answering.draft_answer(db.session, actor, idea, body["status"], body["text"],
                                  body["office"]), True


@bp.post("/answers/<int:answer_id>/review")
@write(PublishInSchema, WrittenAnswerSchema, _l("Ask a second official to review an answer"),
       "response.write", _l("Where the organisation asks for a review before publishing."))
def submit_for_review(answer_id: int, actor: User, load):
    return _step(answer_id, actor, load, answering.submit_for_review)


@bp.post("/answers/<int:answer_id>/approve")
@write(PublishInSchema, WrittenAnswerSchema, _l("Approve an answer as its reviewer"),
       "response.write", _l("By an official other than the one who wrote it."))
def approve(answer_id: int, actor: User, load):
    return _step(answer_id, actor, load, answering.approve)


@bp.post("/answers/<int:answer_id>/publish")
@write(PublishInSchema, WrittenAnswerSchema, _l("Publish an answer"), "response.write",
       _l("Refused (403) while the organisation asks a second official to review it first."))
def publish(answer_id: int, actor: User, load):
    return _step(answer_id, actor, load, answering.publish)


def _step(answer_id: int, actor: User, load, step) -> tuple[Response, bool]:
    """Take the answer one step on its way to publication, as on the answers' pages."""
    answer = db.get_or_404(Response, answer_id)
    load()  # an empty object: anything else is refused
    step(db.session, actor, answer)
    return answer, False
