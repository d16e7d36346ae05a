"""The daily digest, sent by the worker's schedule or by `consult digests send` from cron."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from consult import jobs
from consult.config import ConfigError, environment_overrides, validate
from consult.core.base import utcnow
from consult.jobs import tasks
from consult.models import Notice, Phase, Response, ResponseState, ResponseStatus
from consult.responses import notices
from tests.fixtures.smtp import free_port


@pytest.fixture
def answered_idea(db, create_consultation, create_submission):
    """An idea with an email and a published answer: one notice waits for the digest."""
    idea = create_submission(create_consultation(Phase.ANSWERED),
                             contact_email="ana@example.org")
    response = Response(consultation_id=idea.consultation_id, submission_id=idea.id,
                        status=ResponseStatus.ACCEPTED, state=ResponseState.PUBLISHED,
                        text="Done by June.", published_at=utcnow())
    db.session.add(response)
    db.session.flush()
    notices.queue_answered(db.session, response)
    db.session.commit()
    return idea


def waiting(db) -> int:
    return len(db.session.scalars(select(Notice).where(Notice.sent_at.is_(None))).all())


def digest_due_at(hour: int, minute: int) -> bool:
    """Whether the worker's scheduler, ticking each minute, enqueues the digest then."""
    moment = datetime(2027, 3, 1, hour, minute, tzinfo=UTC)
    return tasks.send_daily_digests.s().name in [t.name for t in jobs.queue.read_periodic(moment)]


def test_digest_task_is_due_at_the_start_of_the_configured_hour(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIGEST_HOUR", 18)

    assert digest_due_at(18, 0)
    assert not digest_due_at(18, 1)
    assert not digest_due_at(7, 0)


def test_digest_task_sends_the_digests_on_the_queue(db, smtp_server, answered_idea):
    tasks.send_daily_digests()

    assert jobs.run_pending() == 1
    assert [m["To"] for m in smtp_server.messages] == ["ana@example.org"]
    db.session.expire_all()
    assert waiting(db) == 0


def test_digest_task_does_nothing_while_another_run_holds_the_lock(db, smtp_server,
                                                                   answered_idea):
    with tasks.DIGEST_LOCK:
        tasks.send_daily_digests()
        jobs.run_pending()

    assert smtp_server.messages == []
    assert waiting(db) == 1


def test_digests_send_command_sends_and_reports(db, runner, smtp_server, answered_idea):
    result = runner.invoke(args=["digests", "send"])

    assert result.exit_code == 0, result.output
    assert "Sent 1 digest(s) holding 1 notice(s); 0 address(es)" in result.output
    assert len(smtp_server.messages) == 1


def test_digests_send_command_exits_1_when_the_mail_server_is_down(db, runner, use_smtp,
                                                                   answered_idea):
    use_smtp(free_port())

    result = runner.invoke(args=["digests", "send"])

    assert result.exit_code == 1
    assert "no digest could be delivered" in result.output
    db.session.expire_all()
    assert waiting(db) == 1


def test_digests_send_command_refuses_to_run_twice_at_once(db, runner, smtp_server,
                                                           answered_idea):
    with tasks.DIGEST_LOCK:
        result = runner.invoke(args=["digests", "send"])

    assert result.exit_code == 1
    assert "being sent by another process" in result.output
    assert smtp_server.messages == []


def test_digests_send_command_needs_the_site_address(db, runner, app, monkeypatch,
                                                     smtp_server, answered_idea):
    monkeypatch.setitem(app.config, "CONSULT_BASE_URL", None)  # as in production, unset

    result = runner.invoke(args=["digests", "send"])

    assert result.exit_code != 0
    assert isinstance(result.exception, ConfigError)
    assert "CONSULT_BASE_URL" in str(result.exception)
    assert smtp_server.messages == []
    assert waiting(db) == 1


@pytest.mark.parametrize(("variable", "value"), [("CONSULT_BASE_URL", "consult.example.org"),
                                                 ("CONSULT_DIGEST_HOUR", "24")])
def test_malformed_digest_settings_stop_startup_naming_the_variable(variable, value):
    settings = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "BABEL_DEFAULT_LOCALE": "en",
                **environment_overrides({variable: value})}

    with pytest.raises(ConfigError, match=variable):
        validate(settings)
