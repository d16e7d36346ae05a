"""Replies in the sender's language; YES keeps the number (in one table) for news, STOP forgets
it; news goes through the outbox to the gateway; a tracking code texted back tells its idea's
status in one text message."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from consult import jobs
from consult.core.base import utcnow
from consult.core.tenancy import use_organisation
from consult.ideas import moderation
from consult.ideas.channels import segments
from consult.ideas.channels.inbound import idea_message
from consult.ideas.channels.models import ChannelContact, ChannelMessage, ChannelNews, MessageKind
from consult.ideas.models import Submission
from consult.models import (
    ActionPlan,
    ClusteringRun,
    Commitment,
    Organisation,
    Phase,
    ResponseStatus,
    RunStatus,
    Theme,
    ThemeMembership,
)
from consult.plans import drafting, provenance
from consult.responses import answering
from tests.ideas.channels.conftest import SENDER, reply_of, twilio_post
from tests.ideas.channels.test_webhook import IDEA, code_in

ANSWER = ("We will install twelve new benches along the river path this spring, with shade "
          "trees between them and a drinking fountain near the bridge.")


@pytest.fixture
def consultation(create_consultation):
    return create_consultation(Phase.OPEN)


@pytest.fixture
def twilio(create_gateway, create_route, consultation, fake_gateway):
    gateway = create_gateway(account_sid="AC" + "2" * 32, sender="+15550123456")
    create_route(gateway, consultation)
    return gateway


@pytest.fixture
def sending_to_fake(app, monkeypatch, fake_gateway):
    monkeypatch.setitem(app.config, "TWILIO_API_URL", fake_gateway.url)
    return fake_gateway


def idea_of(db, code: str) -> Submission:
    return db.session.scalar(select(Submission).join(
        ChannelMessage, ChannelMessage.submission_id == Submission.id).where(
        ChannelMessage.tracking_code == code))


@pytest.mark.parametrize(("text", "language", "start"), [
    (IDEA, "en", "Thank you, your idea is received."),
    ("Queremos más árboles y bancos a lo largo del río, por favor", "es", "Gracias, recibimos"),
    ("Nous voulons plus d'arbres et de bancs le long de la rivière", "fr", "Merci, votre idée"),
    ("نريد المزيد من الأشجار والمقاعد على طول ضفة النهر من فضلكم", "ar", "شكرًا، وصلتنا فكرتك"),
])
def test_the_reply_is_in_the_senders_language_and_fits_its_segments(db, client, twilio, text,
                                                                      language, start):
    reply = reply_of(twilio_post(client, twilio, text))
    assert reply.startswith(start) and segments.fits(reply)
    code = code_in(reply)
    assert idea_of(db, code).language == language


def test_yes_keeps_the_number_in_the_contacts_alone_and_stop_forgets_it(db, client, twilio):
    twilio_post(client, twilio, IDEA)
    reply = reply_of(twilio_post(client, twilio, "yes"))
    assert reply == "Thank you: we will text you news of your ideas. Reply STOP to stop."
    contact = db.session.scalar(select(ChannelContact))
    assert (contact.number, contact.language, contact.gateway_id) == (SENDER, "en", twilio.id)
    again = reply_of(twilio_post(client, twilio, IDEA + " and more bins"))
    assert "YES" not in again  # news already asked for: not offered again
    stopped = reply_of(twilio_post(client, twilio, "ARRÊT"))
    assert stopped == "C'est fait : votre numéro est effacé, vous n'aurez plus de nouvelles."
    assert db.session.scalar(select(func.count(ChannelContact.id))) == 0
    kinds = [m.kind for m in db.session.scalars(select(ChannelMessage).order_by(ChannelMessage.id))]
    assert kinds == [MessageKind.IDEA, MessageKind.OPT_IN, MessageKind.IDEA, MessageKind.STOP]


@pytest.mark.parametrize(("word", "reply"), [
    ("STOP", "Done: your number is deleted and you will get no more news from us."),
    ("alto", "Listo: borramos su número y no recibirá más noticias."),
    ("توقف", "تم: حذفنا رقمك ولن تصلك أخبار منا بعد الآن."),
    ("UNSUBSCRIBE", "Done: your number is deleted and you will get no more news from us.")])
def test_stop_is_confirmed_in_its_language_even_without_a_number_kept(db, client, twilio,
                                                                      word, reply):
    assert reply_of(twilio_post(client, twilio, word)) == reply


def test_yes_before_any_idea_keeps_no_number(db, client, twilio):
    reply = reply_of(twilio_post(client, twilio, "OUI"))
    assert reply == "Envoyez d'abord votre idée, puis répondez OUI pour en avoir des nouvelles."
    assert db.session.scalar(select(func.count(ChannelContact.id))) == 0


def test_stop_works_even_over_the_senders_limit(db, client, app, twilio, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_PER_SENDER_PER_DAY", 1)
    twilio_post(client, twilio, IDEA)
    twilio_post(client, twilio, "YES")  # over the limit: held, the number not kept
    assert reply_of(twilio_post(client, twilio, "STOP")).startswith("Done")


def publish_answer(db, create_user, idea: Submission, text: str = ANSWER):
    official = create_user("official")
    draft = answering.draft_answer(db.session, official, idea, ResponseStatus.ACCEPTED, text)
    answering.publish(db.session, official, draft)
    db.session.commit()


def test_an_answer_published_is_texted_to_the_sender_who_said_yes(
        db, client, twilio, sending_to_fake, create_user):
    code = code_in(reply_of(twilio_post(client, twilio, IDEA)))
    twilio_post(client, twilio, "YES")
    twilio_post(client, twilio, IDEA + " and bins", sender="+15550100002")  # said no YES
    publish_answer(db, create_user, idea_of(db, code))
    assert jobs.run_pending() >= 1
    assert len(sending_to_fake.received) == 1
    path, headers, _body = sending_to_fake.received[0]
    assert path == f"/2010-04-01/Accounts/{twilio.account_sid}/Messages.json"
    assert headers["Authorization"].startswith("Basic ")
    form = sending_to_fake.forms()[0]
    assert (form["To"], form["From"]) == (SENDER, "+15550123456")
    assert form["Body"].startswith(f"News of idea {code}: answered (Accepted): We will install")
    assert segments.fits(form["Body"])
    assert db.session.scalar(select(func.count(ChannelNews.id))) == 1


def test_news_sent_once_is_not_sent_again_when_the_job_runs_again(
        db, client, twilio, sending_to_fake, create_user):
    from consult.core.event import Event
    from consult.jobs.tasks import send_channel_news

    code = code_in(reply_of(twilio_post(client, twilio, IDEA)))
    twilio_post(client, twilio, "YES")
    publish_answer(db, create_user, idea_of(db, code))
    jobs.run_pending()
    published = db.session.scalar(select(Event).where(Event.action == "response.published"))
    send_channel_news.call_local(published.id, published.hash)
    assert len(sending_to_fake.received) == 1


def test_a_gateway_refusing_the_news_fails_the_job_and_sends_it_on_the_next_run(
        db, client, twilio, sending_to_fake, create_user):
    from consult.core.event import Event
    from consult.ideas.channels.sending import SendFailed
    from consult.jobs.tasks import send_channel_news

    code = code_in(reply_of(twilio_post(client, twilio, IDEA)))
    twilio_post(client, twilio, "YES")
    sending_to_fake.status = 500
    publish_answer(db, create_user, idea_of(db, code))
    published = db.session.scalar(select(Event).where(Event.action == "response.published"))
    event = (published.id, published.hash)
    jobs.queue.flush()
    with pytest.raises(SendFailed):
        send_channel_news.call_local(*event)
    assert db.session.scalar(select(func.count(ChannelNews.id))) == 0
    sending_to_fake.status = 201
    db.session.commit()  # a new transaction sees what the job commits
    send_channel_news.call_local(*event)
    assert db.session.scalar(select(func.count(ChannelNews.id))) == 1
    assert len(sending_to_fake.received) == 2  # the refused one, then the one taken


def test_no_news_job_is_queued_where_no_number_is_kept(db, client, twilio, create_user):
    code = code_in(reply_of(twilio_post(client, twilio, IDEA)))
    jobs.queue.flush()
    publish_answer(db, create_user, idea_of(db, code))
    assert "send_channel_news" not in {task.name for task in jobs.queue.pending()}


def test_a_commitment_fed_by_the_idea_is_texted_when_published(
        db, client, twilio, sending_to_fake, create_user, consultation):
    code = code_in(reply_of(twilio_post(client, twilio, IDEA)))
    twilio_post(client, twilio, "YES")
    facilitator = create_user("facilitator")
    plan = ActionPlan(organisation_id=consultation.organisation_id,
                      consultation_id=consultation.id, title="Plan 2027",
                      starts_on=date(2027, 1, 1), ends_on=date(2028, 12, 31))
    commitment = Commitment(plan=plan, position=1, title="Benches and shade on the river path")
    db.session.add(commitment)
    db.session.commit()
    provenance.add_link(db.session, facilitator, commitment, submission_id=idea_of(db, code).id)
    drafting.publish_commitment(db.session, facilitator, commitment)
    db.session.commit()
    jobs.run_pending()
    assert [form["Body"] for form in sending_to_fake.forms()] == [
        f"News of idea {code}: it feeds a commitment of the plan: Benches and shade on the "
        "river path"]


def test_the_code_texted_back_tells_the_ideas_status_as_it_changes(
        db, client, twilio, consultation, create_user):
    consultation.premoderated = True
    db.session.commit()
    code = code_in(reply_of(twilio_post(client, twilio, IDEA)))
    ask = lambda: reply_of(twilio_post(client, twilio, code.lower()))  # noqa: E731
    assert ask() == f"Idea {code}: received, waiting for moderation."
    idea = idea_of(db, code)
    moderation.publish(db.session, create_user("facilitator"), idea)
    db.session.commit()
    assert ask() == f"Idea {code}: published, waiting for an answer."
    publish_answer(db, create_user, idea_of(db, code))
    status = ask()
    assert status.startswith(f"Idea {code}: answered (Accepted): We will install twelve")
    assert status.endswith("...") and segments.segments(status) == 1
    assert db.session.scalar(select(func.count(Submission.id))) == 1  # asking stores no idea


def test_the_code_tells_the_theme_once_themes_are_public(db, client, twilio, consultation):
    code = code_in(reply_of(twilio_post(client, twilio, IDEA)))
    run = ClusteringRun(consultation_id=consultation.id, status=RunStatus.SUCCEEDED,
                        current=True, finished_at=utcnow(),
                        organisation_id=consultation.organisation_id)
    theme = Theme(consultation_id=consultation.id, label="Riverside",
                  names={"es": "Ribera"}, organisation_id=consultation.organisation_id)
    db.session.add_all([run, theme])
    db.session.flush()
    db.session.add(ThemeMembership(run_id=run.id, submission_id=idea_of(db, code).id,
                                   theme_id=theme.id,
                                   organisation_id=consultation.organisation_id))
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    assert reply_of(twilio_post(client, twilio, code)) == (
        f"Idea {code}: published, in the theme Riverside.")


def test_an_unknown_code_is_said_so(db, client, twilio):
    assert reply_of(twilio_post(client, twilio, "K7PX3QMZ")) == (
        "No idea has the code K7PX3QMZ. Please check it and try again.")


def test_a_code_of_another_organisation_tells_nothing(db, client, twilio):
    code = code_in(reply_of(twilio_post(client, twilio, IDEA)))
    assert idea_message(db.session, code) is not None
    other = Organisation(name="Elsewhere", slug="elsewhere")
    db.session.add(other)
    db.session.commit()
    use_organisation(db.session, other.id)
    assert idea_message(db.session, code) is None
