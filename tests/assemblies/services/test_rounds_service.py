"""Assembly rounds: who may take part and when, deliberation, voting, results, amendments
written into the plan, participation and reminders.

The panel here is seated by hand: rounds need members, not a lottery (tested elsewhere).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.assemblies import participation as taking_part
from consult.assemblies import results as round_results
from consult.assemblies import rounds
from consult.assemblies import setup as assemblies
from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError, NotAllowed, NotFound
from consult.models import (
    AmendmentStatus,
    Comment,
    Commitment,
    CommitmentRevision,
    Rating,
    RatingScale,
    RoundStage,
)
from tests.assemblies.services.helpers import propose, voting

# --- who may take part ---------------------------------------------------------------------------

ACTIONS = {
    "comment": (RoundStage.DELIBERATE,
                lambda db, who, round_, amendment: rounds.comment(db.session, who,
                                                                  round_.items[0], "I agree.")),
    "amend": (RoundStage.DELIBERATE,
              lambda db, who, round_, amendment: propose(db, who, round_, "Another text.")),
    "support": (RoundStage.DELIBERATE,
                lambda db, who, round_, amendment: rounds.support(db.session, who, amendment)),
    "rate": (RoundStage.VOTE,
             lambda db, who, round_, amendment: rounds.rate(db.session, who, round_.items[0], 1)),
    "rank": (RoundStage.VOTE,
             lambda db, who, round_, amendment: rounds.rank(db.session, who, round_,
                                                            [i.id for i in round_.items])),
}


@pytest.mark.parametrize("who", ["nobody", "volunteer", "dropped-out"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_members_take_part(db, round_, panel, facilitator, action, who):
    seated_assembly = round_.assembly
    amendment = propose(db, panel[0], round_)
    stage, act = ACTIONS[action]
    if stage is RoundStage.VOTE:
        voting(db, facilitator, round_)
    outsider = {
        "nobody": None,
        "volunteer": next(v for v in seated_assembly.volunteers if not v.is_member),
        "dropped-out": panel[1],
    }[who]
    if who == "dropped-out":
        assemblies.drop_out(db.session, facilitator, outsider)
    with pytest.raises(NotAllowed) as refused:
        act(db, outsider, round_, amendment)
    assert "Only members" in str(refused.value.message)
    act(db, panel[2], round_, amendment)  # a member may, at the same moment


def test_acting_before_the_round_opens_is_refused(db, round_, panel):
    round_.opens_at, round_.closes_at = utcnow() + timedelta(days=1), utcnow() + timedelta(days=8)
    with pytest.raises(NotAllowed) as refused:
        rounds.comment(db.session, panel[0], round_.items[0], "Too early?")
    assert "has not opened yet" in str(refused.value.message)


def test_acting_after_the_round_is_closed_is_refused(db, round_, panel, facilitator):
    rounds.close(db.session, facilitator, round_)
    with pytest.raises(NotAllowed) as refused:
        rounds.comment(db.session, panel[0], round_.items[0], "Too late?")
    assert "closed" in str(refused.value.message)
    with pytest.raises(NotAllowed):
        rounds.rate(db.session, panel[0], round_.items[0], 1)


def test_acting_after_the_closing_time_is_refused(db, round_, panel):
    round_.opens_at, round_.closes_at = utcnow() - timedelta(days=8), utcnow() - timedelta(days=1)
    with pytest.raises(NotAllowed):
        rounds.comment(db.session, panel[0], round_.items[0], "Too late?")


def test_comment_refused_while_the_round_votes(db, round_, panel, facilitator):
    voting(db, facilitator, round_)
    with pytest.raises(Conflict):
        rounds.comment(db.session, panel[0], round_.items[0], "Wait!")
    with pytest.raises(Conflict):
        propose(db, panel[0], round_)


def test_rating_refused_while_the_round_deliberates(db, round_, panel):
    with pytest.raises(Conflict):
        rounds.rate(db.session, panel[0], round_.items[0], 1)


# --- deliberation --------------------------------------------------------------------------------

def test_a_reply_to_a_reply_attaches_to_the_top_comment(db, round_, panel):
    item = round_.items[0]
    top = rounds.comment(db.session, panel[0], item, "Monthly data would help.")
    db.session.flush()
    reply = rounds.comment(db.session, panel[1], item, "Who would publish it?", top.id)
    db.session.flush()
    answer = rounds.comment(db.session, panel[0], item, "The finance office.", reply.id)
    db.session.flush()
    assert reply.parent_id == top.id
    assert answer.parent_id == top.id


def test_a_reply_to_a_comment_on_another_item_is_refused(db, round_, panel):
    elsewhere = rounds.comment(db.session, panel[0], round_.items[1], "On crossings.")
    db.session.flush()
    with pytest.raises(NotFound):
        rounds.comment(db.session, panel[1], round_.items[0], "A reply.", elsewhere.id)


@pytest.mark.parametrize(("body", "message"), [
    ("   ", "Write your comment."),
    ("x" * (rounds.MAX_COMMENT + 1), "has 2,001 characters; the limit is 2,000"),
])
def test_comment_refused_when_empty_or_too_long(db, round_, panel, body, message):
    with pytest.raises(ConsultError) as refused:
        rounds.comment(db.session, panel[0], round_.items[0], body)
    assert message in str(refused.value.message)
    assert db.session.scalars(select(Comment)).all() == []


def test_amendment_to_a_commitment_not_on_the_agenda_is_refused(db, round_, panel):
    plan = round_.assembly.plan
    later = Commitment(plan=plan, position=3, title="Later idea", action="Something.")
    db.session.add(later)
    db.session.flush()
    with pytest.raises(ConsultError) as refused:
        rounds.propose_amendment(db.session, panel[0], round_, later.id, "action", "Else.")
    assert "not on this round's agenda" in str(refused.value.message)


@pytest.mark.parametrize(("field_name", "text", "message"), [
    ("organisation_id", "7", "Choose the part of the commitment"),
    ("action", "What Open budget data will do.", "the same as the current text"),
    ("action", "  ", "Write the text you propose."),
])
def test_amendment_refused_when_it_changes_nothing_it_may(db, round_, panel, field_name, text,
                                                          message):
    with pytest.raises(ConsultError) as refused:
        rounds.propose_amendment(db.session, panel[0], round_, round_.items[0].commitment_id,
                                 field_name, text)
    assert message in str(refused.value.message)


def test_the_proposer_supports_their_amendment_and_nobody_supports_twice(db, round_, panel):
    amendment = propose(db, panel[0], round_)
    assert [s.member_id for s in amendment.supports] == [panel[0].id]
    with pytest.raises(Conflict):
        rounds.support(db.session, panel[0], amendment)
    rounds.support(db.session, panel[1], amendment)
    db.session.flush()
    with pytest.raises(Conflict):
        rounds.support(db.session, panel[1], amendment)
    db.session.refresh(amendment)
    assert len(amendment.supports) == 2


# --- voting --------------------------------------------------------------------------------------

def test_a_second_rating_replaces_the_first(db, round_, panel, facilitator):
    voting(db, facilitator, round_)
    item = round_.items[0]
    rounds.rate(db.session, panel[0], item, 1)
    db.session.flush()
    rounds.rate(db.session, panel[0], item, -1)
    db.session.flush()
    rows = db.session.scalars(select(Rating).where(Rating.item_id == item.id)).all()
    assert [(r.member_id, r.value) for r in rows] == [(panel[0].id, -1)]


@pytest.mark.parametrize(("scale", "allowed", "refused"), [
    (RatingScale.THREE, [-1, 0, 1], [2, -2, 5]),
    (RatingScale.FIVE, [1, 2, 3, 4, 5], [0, -1, 6]),
])
def test_ratings_stay_on_the_assembly_scale(db, round_, panel, facilitator, scale, allowed,
                                            refused):
    round_.assembly.rating_scale = scale
    voting(db, facilitator, round_)
    for value in refused:
        with pytest.raises(ConsultError) as error:
            rounds.rate(db.session, panel[0], round_.items[0], value)
        assert "A rating is one of" in str(error.value.message)
    for member, value in zip(panel, allowed, strict=False):
        rounds.rate(db.session, member, round_.items[0], value)
    db.session.flush()
    [result, _] = round_results.results(db.session, round_)
    assert list(result.distribution) == allowed
    assert result.ratings == len(allowed)


def test_support_on_the_five_point_scale_is_a_four_or_a_five(db, round_, panel, facilitator):
    round_.assembly.rating_scale = RatingScale.FIVE
    voting(db, facilitator, round_)
    for member, value in zip(panel, [5, 4, 3, 2], strict=False):
        rounds.rate(db.session, member, round_.items[0], value)
    db.session.flush()
    [result, _] = round_results.results(db.session, round_)
    assert result.support == 0.5


def test_rank_refuses_a_place_given_twice_or_an_item_not_on_the_agenda(db, round_, panel,
                                                                         facilitator):
    voting(db, facilitator, round_)
    first = round_.items[0].id
    with pytest.raises(ConsultError):
        rounds.rank(db.session, panel[0], round_, [first, first])
    with pytest.raises(ConsultError):
        rounds.rank(db.session, panel[0], round_, [first, 10_000])
    with pytest.raises(ConsultError):
        rounds.rank(db.session, panel[0], round_, [])


# --- amendments into the plan --------------------------------------------------------------------

def test_accept_amendment_refused_before_the_round_closes(db, round_, panel, facilitator):
    amendment = propose(db, panel[0], round_)
    with pytest.raises(ConsultError) as refused:
        rounds.accept_amendment(db.session, facilitator, amendment)
    assert "Close the round" in str(refused.value.message)
    assert amendment.status is AmendmentStatus.PROPOSED


def test_accept_amendment_writes_a_revision_linked_to_the_round(db, round_, panel, facilitator):
    amendment = propose(db, panel[0], round_)
    rounds.support(db.session, panel[1], amendment)
    rounds.close(db.session, facilitator, round_)
    rounds.accept_amendment(db.session, facilitator, amendment)
    db.session.flush()
    commitment = round_.items[0].commitment
    revision = db.session.scalars(select(CommitmentRevision)
                                  .where(CommitmentRevision.commitment_id == commitment.id)).one()
    assert revision.round_id == round_.id
    assert revision.changes == {"action": ["What Open budget data will do.",
                                           "Publish the budget every month."]}
    assert "round 1" in revision.reason and "2 supports" in revision.reason
    assert commitment.action == "Publish the budget every month."
    assert amendment.status is AmendmentStatus.ACCEPTED
    assert amendment.revision_id == revision.id
    with pytest.raises(Conflict):
        rounds.accept_amendment(db.session, facilitator, amendment)
    with pytest.raises(Conflict):
        rounds.decline_amendment(db.session, facilitator, amendment)


def test_decline_amendment_leaves_the_commitment_as_it_was(db, round_, panel, facilitator):
    amendment = propose(db, panel[0], round_)
    rounds.close(db.session, facilitator, round_)
    rounds.decline_amendment(db.session, facilitator, amendment)
    assert amendment.status is AmendmentStatus.DECLINED
    assert round_.items[0].commitment.action == "What Open budget data will do."
    assert db.session.scalars(select(CommitmentRevision)).all() == []


# --- participation and reminders ------------------------------------------------------------------

def test_participation_counts_what_each_member_did(db, round_, panel, facilitator):
    item = round_.items[0]
    rounds.comment(db.session, panel[0], item, "One.")
    rounds.comment(db.session, panel[0], item, "Two.")
    amendment = propose(db, panel[1], round_)
    rounds.support(db.session, panel[2], amendment)
    db.session.flush()
    voting(db, facilitator, round_)
    rounds.rate(db.session, panel[3], item, 0)
    rounds.rank(db.session, panel[3], round_, [i.id for i in round_.items])
    db.session.flush()
    rows = {p.member.id: p for p in taking_part.participation(db.session, round_)}
    assert set(rows) == {m.id for m in panel}
    assert rows[panel[0].id].comments == 2
    assert (rows[panel[1].id].amendments, rows[panel[1].id].supports) == (1, 1)
    assert rows[panel[2].id].supports == 1
    assert rows[panel[3].id].ratings == 1 and rows[panel[3].id].ranked
    assert [m.id for m in panel if rows[m.id].took_part] == [m.id for m in panel[:4]]


@pytest.fixture
def outbox(app):
    """Mail sent during the test (the testing config's locmem backend keeps it)."""
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    return mailman


def remind(db, app, facilitator, round_) -> int:
    # A facilitator reminds from a page: mail templates render inside a request.
    with app.test_request_context():
        return taking_part.remind(db.session, facilitator, round_,
                             lambda member: f"https://consult.test/join/{member.id}")


def test_remind_mails_members_with_an_email_who_have_not_taken_part(db, app, round_, panel,
                                                                    facilitator, outbox):
    rounds.comment(db.session, panel[0], round_.items[0], "Already here.")
    panel[1].email = ""
    db.session.flush()
    waiting = panel[2:]
    assert remind(db, app, facilitator, round_) == len(waiting)
    assert sorted(mail.to[0] for mail in outbox.outbox) == sorted(m.email for m in waiting)
    mail = next(m for m in outbox.outbox if m.to == [waiting[0].email])
    assert f"https://consult.test/join/{waiting[0].id}" in mail.body
    assert "round 1" in mail.subject


def test_remind_refused_once_the_round_is_closed(db, app, round_, facilitator, outbox):
    rounds.close(db.session, facilitator, round_)
    with pytest.raises(ConsultError):
        remind(db, app, facilitator, round_)
    assert outbox.outbox == []


def test_remind_refused_before_the_round_opens(db, app, round_, facilitator, outbox):
    round_.opens_at = utcnow() + timedelta(days=1)
    with pytest.raises(ConsultError):
        remind(db, app, facilitator, round_)
    assert outbox.outbox == []


def test_the_rating_scale_cannot_change_once_members_have_rated(db, round_, panel, facilitator):
    assembly = round_.assembly
    voting(db, facilitator, round_)
    rounds.rate(db.session, panel[0], round_.items[0], -1)
    db.session.flush()
    with pytest.raises(NotAllowed):
        assemblies.update_assembly(db.session, facilitator, assembly, assembly.title,
                                   assembly.size, assembly.categories, RatingScale.FIVE,
                                   assembly.recruiting)
    assert assembly.rating_scale is RatingScale.THREE
    [result, _] = round_results.results(db.session, round_)
    assert result.distribution == {-1: 1, 0: 0, 1: 0}
