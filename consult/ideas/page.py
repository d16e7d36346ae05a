"""Everything the public page of an idea shows, for every view that draws it: the page itself,
and a support or a report refused without JavaScript, which draws it again with the reason."""

from __future__ import annotations

from consult.extensions import db
from consult.ideas.models import Submission
from consult.ideas.participation import support_context
from consult.plans import provenance
from consult.responses import answers
from consult.themes import views as theme_views


def idea_page_context(submission: Submission, supporter_key: str | None = None) -> dict:
    return {
        "submission": submission,
        "theme": theme_views.public_theme_of(db.session, submission),
        "commitments": provenance.commitments_of(db.session, submission),
        "answer": answers.answer_record(db.session, submission_id=submission.id),
        **support_context(submission, supporter_key),
    }
