"""Following a consultation or a commitment by email: double opt-in, news queued for confirmed
followers from what the event log records, the digest with a stop link per follow."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from consult.consultations import editing as consultation_editing
from consult.core.base import utcnow
from consult.core.errors import NotFound
from consult.core.tokens import follow_token, read_unsubscribe_token
from consult.models import Follow, MilestoneStatus, Notice, NoticeKind, Phase, ResponseStatus
from consult.plans import drafting as plans
from consult.plans import implementation
from consult.responses import answering as responses
from consult.responses import digests, follows, notices
from consult.responses.follows import FollowError
from tests.fixtures import follows as fixtures
from tests.fixtures.follows import link_in

commitment, consultation, facilitator = (
    fixtures.commitment, fixtures.consultation, fixtures.facilitator)

BASE_URL = "https://consult.example.org/city"


@pytest.fixture(autouse=True)
def request_context(app, monkeypatch):
    # The confirmation mail's links are built like a page's.
    monkeypatch.setitem(app.config, "CONSULT_BASE_URL", BASE_URL)
    with app.test_request_context(base_url=BASE_URL):
        yield


def ask(db, email, target, language="en"):
    message = follows.ask_to_follow(db.session, email, target, language)
    db.session.commit()
    return message


def follow_of(db, email) -> Follow | None:
    return db.session.scalar(select(Follow).where(Follow.email == email))


def confirmed(db, email, target, language="en") -> Follow:
    ask(db, email, target, language)
    column = Follow.consultation_id if target.__tablename__ == "consultation" else (
        Follow.commitment_id)
    follow = db.session.scalar(select(Follow).where(Follow.email == notices.normalise(email),
                                                    column == target.id))
    follows.confirm(db.session, follows.link_token("confirm", follow))
    db.session.commit()
    return follow


def waiting(db, kind=None) -> list[Notice]:
    query = select(Notice).where(Notice.sent_at.is_(None)).order_by(Notice.id)
    if kind is not None:
        query = query.where(Notice.kind == kind)
    return list(db.session.scalars(query))


def test_ask_to_follow_creates_an_unconfirmed_follow_and_mails_its_link(db, consultation):
    message = ask(db, " Ana@Example.org ", consultation, "fr")

    follow = follow_of(db, "ana@example.org")
    assert follow.consultation_id == consultation.id and follow.commitment_id is None
    assert follow.confirmed_at is None and follow.language == "fr"
    assert message.to == ["ana@example.org"]
    assert "Trees for the riverside" in message.subject
    assert link_in(message.body, "/follow/confirm/") == (
        "/city/follow/confirm/" + follows.link_token("confirm", follow))
    with force_locale("fr"):  # in the language the follow was asked in
        assert gettext("To get its news in our daily mail, confirm by opening this link:") \
            in message.body
    assert "confirm by opening this link" not in message.body


def test_confirm_confirms_once_and_says_so_when_the_link_is_opened_again(db, consultation):
    ask(db, "ana@example.org", consultation)
    follow = follow_of(db, "ana@example.org")
    token = follows.link_token("confirm", follow)

    first = follows.confirm(db.session, token)
    db.session.commit()
    second = follows.confirm(db.session, token)

    assert (first.already, second.already) == (False, True)
    assert follow_of(db, "ana@example.org").confirmed_at is not None


@pytest.mark.parametrize("token", ["", "not-a-token", "WzEsImFiYyJd.forged"])
def test_confirm_refuses_a_forged_link(db, consultation, token):
    ask(db, "ana@example.org", consultation)

    with pytest.raises(NotFound):
        follows.confirm(db.session, token)
    assert follow_of(db, "ana@example.org").confirmed_at is None


def test_asking_again_renews_the_follow_and_revokes_the_earlier_link(db, consultation):
    ask(db, "ana@example.org", consultation)
    follow = follow_of(db, "ana@example.org")
    old = follows.link_token("confirm", follow)

    ask(db, "ana@example.org", consultation)

    assert db.session.scalars(select(Follow)).all() == [follow]
    with pytest.raises(NotFound):
        follows.confirm(db.session, old)
    assert not follows.confirm(db.session, follows.link_token("confirm", follow)).already


def test_asking_to_follow_what_is_already_followed_changes_nothing_and_mails_so(
        db, consultation):
    follow = confirmed(db, "ana@example.org", consultation)
    nonce = follow.nonce

    message = ask(db, "ana@example.org", consultation)

    assert follow_of(db, "ana@example.org").nonce == nonce
    assert follow_of(db, "ana@example.org").confirmed_at is not None
    assert "already follow" in message.subject
    assert link_in(message.body, "/follow/stop/") == (
        "/city/follow/stop/" + follows.link_token("stop", follow))
    assert "/follow/confirm/" not in message.body


def test_an_opted_out_address_gets_no_follow_and_no_mail(db, consultation):
    notices.opt_out(db.session, "ana@example.org")

    assert ask(db, "ANA@example.org", consultation) is None
    assert db.session.scalars(select(Follow)).all() == []


@pytest.mark.parametrize("email", ["", "   ", "ana", "ana@", "@example.org", "a b@example.org",
                                   "ana@example", "a" * 250 + "@example.org"])
def test_ask_to_follow_refuses_an_address_that_is_not_one(db, consultation, email):
    with pytest.raises(FollowError) as refused:
        follows.ask_to_follow(db.session, email, consultation, "en")
    assert refused.value.status == 422
    assert "name@example.org" in str(refused.value.message)


def test_only_public_consultations_and_published_commitments_can_be_followed(
        db, create_consultation, commitment):
    draft = create_consultation(Phase.DRAFT)
    with pytest.raises(NotFound):
        follows.followable(db.session, "consultation", draft.id)
    with pytest.raises(NotFound):
        follows.followable(db.session, "consultation", 999999)
    assert follows.followable(db.session, "commitment", commitment.id) == commitment
    commitment.plan.published_at = None
    with pytest.raises(NotFound):
        follows.followable(db.session, "commitment", commitment.id)


def test_consultation_news_is_queued_for_confirmed_followers_only(
        db, consultation, facilitator):
    ana = confirmed(db, "ana@example.org", consultation, "es")
    ask(db, "ben@example.org", consultation)  # never confirmed
    confirmed(db, "cleo@example.org", consultation)
    notices.opt_out(db.session, "cleo@example.org")

    consultation_editing.change_phase(db.session, facilitator, consultation, Phase.CLOSED)
    db.session.commit()

    queued = waiting(db, NoticeKind.CONSULTATION_NEWS)
    assert [(n.email, n.follow_id, n.language, n.submission_id) for n in queued] == [
        ("ana@example.org", ana.id, "es", None)]


def test_published_answers_are_news_for_the_consultation_followers(
        db, consultation, create_submission, create_user):
    ana = confirmed(db, "ana@example.org", consultation)
    idea = create_submission(consultation)
    consultation.phase = Phase.ANSWERED
    official = create_user("official")
    db.session.commit()

    answer = responses.draft_answer(db.session, official, idea, ResponseStatus.ACCEPTED,
                                         "We will plant them in spring.")
    responses.publish(db.session, official, answer)
    db.session.commit()

    assert [n.follow_id for n in waiting(db, NoticeKind.CONSULTATION_NEWS)] == [ana.id]


def test_commitment_news_progress_milestones_revisions_and_adoption(
        db, commitment, facilitator, create_user):
    ana = confirmed(db, "ana@example.org", commitment)
    official = create_user("official")
    plan, milestone = commitment.plan, commitment.milestones[0]

    plans.add_milestone(db.session, facilitator, commitment, "Publish the second file",
                        date(2026, 6, 1))
    plans.edit(db.session, facilitator, commitment, {"action": "Publish it every week."}, "")
    implementation.adopt_plan(db.session, official, plan, date(2026, 2, 1))
    implementation.post_progress(db.session, official, commitment, milestone.id,
                                 MilestoneStatus.COMPLETE, date(2026, 2, 2), "",
                                 "The first file is online.")
    db.session.commit()

    queued = waiting(db, NoticeKind.COMMITMENT_NEWS)
    assert len(queued) == 4 and {n.follow_id for n in queued} == {ana.id}
    assert len({n.ref_id for n in queued}) == 4  # one per event


def test_digest_tells_the_news_of_each_follow_with_its_own_stop_link(
        db, smtp_server, consultation, commitment, facilitator, create_user):
    ana_consultation = confirmed(db, "ana@example.org", consultation)
    ana_commitment = confirmed(db, "ana@example.org", commitment)
    official = create_user("official")
    consultation_editing.change_phase(db.session, facilitator, consultation, Phase.CLOSED)
    implementation.adopt_plan(db.session, official, commitment.plan, date(2026, 2, 1))
    implementation.post_progress(db.session, official, commitment, None,
                                 MilestoneStatus.IN_PROGRESS, date(2026, 2, 2), "",
                                 "The budget office hired a data clerk.")
    db.session.commit()

    report = digests.send_digests(db.session)

    assert (report.mails, report.notices) == (1, 3)
    message = smtp_server.messages[0]
    body = message.get_content()
    for expected in ("Trees for the riverside", "It moved to a new stage: Closed.",
                     "Open budget data", "The action plan that holds it was adopted.",
                     "Progress reported (In progress): The budget office hired a data clerk.",
                     f"{BASE_URL}/consultations/{consultation.id}",
                     f"{BASE_URL}/commitments/{commitment.id}"):
        assert expected in body
    for follow in (ana_consultation, ana_commitment):
        stop = f"{BASE_URL}/follow/stop/" + follows.link_token("stop", follow)
        assert stop in body
    assert message["Subject"] == "News of what you follow"
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert read_unsubscribe_token(unsubscribe.rsplit("/", 1)[1]) == "ana@example.org"
    assert waiting(db) == []


def test_digest_in_the_language_of_the_follower(db, smtp_server, consultation, facilitator):
    confirmed(db, "lucia@example.org", consultation, "es")
    consultation_editing.change_phase(db.session, facilitator, consultation, Phase.CLOSED)
    db.session.commit()

    digests.send_digests(db.session)

    assert smtp_server.messages[0]["Content-Language"] == "es"


def test_stop_following_ends_the_follow_and_drops_its_waiting_news(
        db, smtp_server, consultation, facilitator):
    follow = confirmed(db, "ana@example.org", consultation)
    stop = follows.link_token("stop", follow)
    consultation_editing.change_phase(db.session, facilitator, consultation, Phase.CLOSED)
    db.session.commit()

    assert follows.stop_following(db.session, stop) == consultation
    db.session.commit()
    consultation_editing.change_phase(db.session, facilitator, consultation, Phase.ANALYSIS)
    db.session.commit()

    assert db.session.scalars(select(Follow)).all() == []
    assert waiting(db) == []
    assert digests.send_digests(db.session).mails == 0
    assert follows.stop_following(db.session, stop) is None  # a second click: already done


def test_stop_following_refuses_a_forged_link_or_another_organisations(db, consultation):
    follow = confirmed(db, "ana@example.org", consultation)
    elsewhere = follow_token("stop", follow.organisation_id + 1, follow.id, follow.nonce)

    for forged in (follows.link_token("confirm", follow), elsewhere):
        with pytest.raises(NotFound):
            follows.stop_following(db.session, forged)
    assert follow_of(db, "ana@example.org") is not None


def test_a_follow_notice_whose_follow_changed_address_is_dropped_unsent(
        db, smtp_server, consultation):
    follow = confirmed(db, "ana@example.org", consultation)
    db.session.add(Notice(email="someone@example.org", kind=NoticeKind.CONSULTATION_NEWS,
                          follow_id=follow.id, ref_id=1, created_at=utcnow()))
    db.session.commit()

    assert digests.send_digests(db.session).mails == 0
    assert waiting(db) == []
