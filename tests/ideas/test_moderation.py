"""Flags and moderators' decisions: one flag per person, nothing deleted, all logged."""

import pytest

from consult.core.errors import Conflict, NotAllowed
from consult.ideas import moderation
from consult.models import Event, Flag, FlagReason, SubmissionStatus


def actions(db) -> list[str]:
    return [e.action for e in db.session.query(Event).order_by(Event.id)]


def test_flag_once_per_anonymous_browser(db, create_consultation, create_submission):
    submission = create_submission(create_consultation())
    moderation.flag(db.session, submission, None, "key-a", FlagReason.SPAM)
    moderation.flag(db.session, submission, None, "key-b", FlagReason.OFFENSIVE)
    with pytest.raises(Conflict):
        moderation.flag(db.session, submission, None, "key-a", FlagReason.OTHER)
    assert db.session.query(Flag).count() == 2
    assert actions(db) == ["submission.flagged", "submission.flagged"]


def test_flag_once_per_account(db, create_consultation, create_submission, create_user):
    submission, user = create_submission(create_consultation()), create_user()
    moderation.flag(db.session, submission, user, None, FlagReason.SPAM)
    with pytest.raises(Conflict):
        moderation.flag(db.session, submission, user, None, FlagReason.SPAM)


def test_flag_refused_when_idea_is_hidden(db, create_consultation, create_submission):
    submission = create_submission(create_consultation(), status=SubmissionStatus.HIDDEN)
    with pytest.raises(NotAllowed):
        moderation.flag(db.session, submission, None, "key", FlagReason.SPAM)


def test_queue_lists_pending_flagged_and_hidden_ideas(db, create_consultation,
                                                     create_submission):
    consultation = create_consultation(premoderated=True)
    pending = create_submission(consultation, status=SubmissionStatus.PENDING)
    flagged = create_submission(consultation)
    hidden = create_submission(consultation, status=SubmissionStatus.HIDDEN)
    moderation.flag(db.session, flagged, None, "k", FlagReason.SPAM)
    queue = moderation.queue(db.session, consultation.id)
    assert queue.pending.items == [pending] and queue.hidden.items == [hidden]
    assert [(f.submission, f.reasons) for f in queue.flagged.items] == [
        (flagged, {FlagReason.SPAM: 1})]
    assert moderation.counts_by_consultation(db.session) == {consultation.id: (1, 1)}


def test_dismiss_flags_settles_current_flags_but_not_later_ones(db, create_consultation,
                                                                create_submission, create_user):
    moderator, submission = create_user("facilitator"), create_submission(create_consultation())
    moderation.flag(db.session, submission, None, "k1", FlagReason.SPAM)
    moderation.dismiss_flags(db.session, moderator, submission)
    assert moderation.open_flags(db.session) == {}
    assert db.session.query(Flag).count() == 1  # kept
    moderation.flag(db.session, submission, None, "k2", FlagReason.OFFENSIVE)
    assert [f.reason for f in moderation.open_flags(db.session)[submission.id]] == [
        FlagReason.OFFENSIVE]


def test_dismiss_flags_refused_when_none_waiting(db, create_consultation, create_submission,
                                                 create_user):
    with pytest.raises(Conflict):
        moderation.dismiss_flags(db.session, create_user("facilitator"),
                                 create_submission(create_consultation()))


def test_hide_then_restore_keeps_the_idea_and_logs_each_decision(db, create_consultation,
                                                                 create_submission, create_user):
    moderator, submission = create_user("facilitator"), create_submission(create_consultation())
    moderation.flag(db.session, submission, None, "k1", FlagReason.PERSONAL_DATA)
    moderation.hide(db.session, moderator, submission, "It shows a phone number")
    assert submission.status is SubmissionStatus.HIDDEN
    assert submission.moderation_reason == "It shows a phone number"
    moderation.restore(db.session, moderator, submission)
    assert submission.status is SubmissionStatus.PUBLISHED
    assert moderation.open_flags(db.session) == {}  # the flag was settled by the decisions
    hidden = db.session.query(Event).filter_by(action="submission.hidden").one()
    assert hidden.actor_id == moderator.id
    assert hidden.payload["reason"] == "It shows a phone number"
    assert actions(db)[-2:] == ["submission.hidden", "submission.restored"]


def test_hide_refused_when_reason_is_too_short(db, create_consultation, create_submission,
                                               create_user):
    with pytest.raises(Exception, match="between 5 and 500"):
        moderation.hide(db.session, create_user("facilitator"),
                        create_submission(create_consultation()), "no")


def test_publish_a_pending_idea(db, create_consultation, create_submission, create_user):
    submission = create_submission(create_consultation(premoderated=True),
                                   status=SubmissionStatus.PENDING)
    moderation.publish(db.session, create_user("facilitator"), submission)
    assert submission.status is SubmissionStatus.PUBLISHED
    with pytest.raises(Conflict):
        moderation.publish(db.session, create_user("facilitator"), submission)
