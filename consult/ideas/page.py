"""Everything the public page of an idea shows, for every view that draws it: the page itself,
and a support, a vote or a report refused without JavaScript, which draws it again with the
reason."""

from __future__ import annotations

from flask import request

from consult.core.tokens import supporter_key
from consult.extensions import db
from consult.ideas.models import Submission
from consult.ideas.participation import SUPPORTER_COOKIE, account, support_context
from consult.opinions import results, voting
from consult.plans import provenance
from consult.responses import answers
from consult.themes import views as theme_views


def idea_page_context(submission: Submission, supporter_key_: str | None = None) -> dict:
    if supporter_key_ is None and not account():
        supporter_key_ = supporter_key(request.cookies.get(SUPPORTER_COOKIE))
    voter = voting.Voter(account(), supporter_key_)
    return {
        "submission": submission,
        "theme": theme_views.public_theme_of(db.session, submission),
        "commitments": provenance.commitments_of(db.session, submission),
        "answer": answers.answer_record(db.session, submission_id=submission.id),
        "my_vote": voting.vote_of(db.session, submission, voter),
        "voting_open": voting.is_voting_open(submission.consultation),
        "standing": results.standing_of(db.session, submission),
        **support_context(submission, supporter_key_),
    }
