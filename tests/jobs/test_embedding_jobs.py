"""New ideas are embedded in the background, so a clustering run mostly reuses vectors."""

from __future__ import annotations

from sqlalchemy import func, select

from consult import jobs
from consult.ideas import moderation
from consult.ideas.submitting import IdeaInput, submit_idea
from consult.models import Embedding, Phase, SubmissionStatus


def test_a_submitted_idea_is_embedded_by_a_job_after_commit(db, use_model,
                                                            create_consultation):
    consultation = create_consultation(Phase.OPEN)
    submit_idea(db.session, None, consultation, IdeaInput(text="Plant trees along the river"))
    assert jobs.queue.pending_count() == 0  # nothing before the commit
    db.session.commit()
    assert jobs.queue.pending_count() == 1
    assert jobs.run_pending() == 1
    assert db.session.scalar(select(func.count(Embedding.id))) == 1


def test_a_rolled_back_submission_enqueues_nothing(db, create_consultation):
    consultation = create_consultation(Phase.OPEN)
    submit_idea(db.session, None, consultation, IdeaInput(text="Plant trees along the river"))
    db.session.rollback()
    db.session.commit()
    assert jobs.queue.pending_count() == 0


def test_many_ideas_in_one_transaction_make_one_job(db, create_consultation):
    consultation = create_consultation(Phase.OPEN)
    for number in range(20):
        submit_idea(db.session, None, consultation, IdeaInput(text=f"Idea number {number} here"))
    db.session.commit()
    assert jobs.queue.pending_count() == 1


def test_publishing_a_premoderated_idea_schedules_its_embedding(db, create_user,
                                                                 create_consultation,
                                                                 create_submission):
    consultation = create_consultation(Phase.OPEN, premoderated=True)
    idea = create_submission(consultation, "Wider pavements", status=SubmissionStatus.PENDING)
    moderation.publish(db.session, create_user("facilitator"), idea)
    db.session.commit()
    assert jobs.queue.pending_count() == 1
