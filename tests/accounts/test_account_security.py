"""Account sessions and resetting two-step sign-in, below the web pages."""

from consult.accounts import security as account_security
from consult.cli import cli
from consult.models import AccountSession, Event, User
from tests.fixtures.clients import sign_in


def test_touch_notes_activity_at_most_once_a_minute(db, create_user):
    user = create_user("resident")
    account_security.start_session(db.session, user, "Firefox", "Android", "password")
    [current] = db.session.scalars(db.select(AccountSession)).all()
    seen = current.last_seen_at
    assert not account_security.touch(current, seen + account_security.TOUCH_INTERVAL / 2)
    assert account_security.touch(current, seen + account_security.TOUCH_INTERVAL)
    assert current.last_seen_at == seen + account_security.TOUCH_INTERVAL


def test_only_the_hash_of_a_session_key_is_stored(db, create_user):
    user = create_user("resident")
    key = account_security.start_session(db.session, user, "", "", "password")
    stored = db.session.scalars(db.select(AccountSession)).one()
    assert key not in stored.key_hash
    assert account_security.find_session(db.session, key) == stored
    assert account_security.find_session(db.session, key + "x") is None


def test_an_administrator_resets_two_step_sign_in_of_a_staff_account(app, db, runner,
                                                                     create_user):
    user = create_user("official")
    sign_in(app.test_client(), user.email)
    result = runner.invoke(cli, ["users", "reset-two-factor", user.email.upper()])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.tf_primary_method, user.tf_totp_secret, user.mf_recovery_codes) == (
        None, None, None)
    assert db.session.scalars(db.select(AccountSession)).all() == []
    reset = db.session.scalars(db.select(Event).filter_by(action="user.two_factor_reset")).one()
    assert (reset.actor_id, reset.object_id, reset.payload) == (None, user.id, {})


def test_resetting_an_unknown_account_exits_2(runner, db, organisation):
    result = runner.invoke(cli, ["users", "reset-two-factor", "nobody@example.org"])
    assert result.exit_code == 2
    assert "no account" in result.output
