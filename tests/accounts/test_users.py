import pytest
from flask_security.utils import verify_password

from consult.accounts import users
from consult.cli import cli
from consult.config import ProductionConfig
from consult.core.errors import Conflict, ConsultError
from consult.models import User


def test_create_user_refuses_a_taken_email_in_any_case(db, create_user):
    create_user("resident", email="ana@example.org")
    with pytest.raises(Conflict):
        users.create_user(db.session, "ANA@example.org", "long enough pass", ["resident"])


@pytest.mark.parametrize(
    ("email", "password", "roles"),
    [("not-an-email", "long enough pass", ["resident"]),
     ("b@example.org", "short", ["resident"]),
     ("b@example.org", "long enough pass", ["mayor"])],
)
def test_create_user_refuses_bad_input(db, email, password, roles):
    with pytest.raises(ConsultError):
        users.create_user(db.session, email, password, roles)


def test_users_create_command_reads_password_from_stdin(runner, db, organisation):
    result = runner.invoke(
        cli, ["users", "create", "fac@example.org", "--role", "facilitator"],
        input="a long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="fac@example.org").one()
    assert [role.name for role in user.roles] == ["facilitator"]
    assert verify_password("a long passphrase", user.password)


def test_users_create_command_with_duplicate_email_exits_2(runner, db, create_user):
    create_user("resident", email="dup@example.org")
    result = runner.invoke(
        cli, ["users", "create", "dup@example.org", "--role", "admin"], input="a long passphrase\n"
    )
    assert result.exit_code == 2
    assert "already exists" in result.output


def test_production_hashes_passwords_with_argon2():
    from passlib.hash import argon2

    assert ProductionConfig.SECURITY_PASSWORD_HASH == "argon2"
    hashed = argon2.hash("a long passphrase")
    assert hashed.startswith("$argon2") and argon2.verify("a long passphrase", hashed)
