"""Members' invitation links: signed, personal and limited in time."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from consult.core.tokens import (
    INVITATION_SALT,
    InvitationExpired,
    invitation_token,
    read_invitation_token,
    tracking_token,
)

DAY = 86400


@pytest.fixture
def context(app):
    with app.app_context():
        yield app


def issued_days_ago(monkeypatch, days: float, volunteer_id: int = 7, nonce: str = "n1") -> str:
    issued_at = int(time.time() - days * DAY)
    with monkeypatch.context() as past:
        past.setattr(TimestampSigner, "get_timestamp", lambda self: issued_at)
        return invitation_token(volunteer_id, nonce)


def forge(token: str) -> str:
    """The token with another first character of its signature."""
    signed, _, signature = token.rpartition(".")
    return f"{signed}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"


def test_invitation_token_reads_back_the_member_and_nonce(context):
    assert read_invitation_token(invitation_token(42, "abc123")) == (42, "abc123")


@pytest.mark.parametrize("tamper", [
    forge,
    lambda token: "x" + token,
    lambda token: "",
    lambda token: "not-a-token",
], ids=["signature", "payload", "empty", "garbage"])
def test_read_invitation_token_gives_none_for_a_forged_link(context, tamper):
    assert read_invitation_token(tamper(invitation_token(42, "abc123"))) is None


def test_read_invitation_token_gives_none_for_another_kind_of_token(context):
    assert read_invitation_token(tracking_token(42, "abc123")) is None


def test_read_invitation_token_gives_none_when_signed_with_another_key(context):
    other = URLSafeTimedSerializer("another secret", salt=INVITATION_SALT).dumps([42, "abc"])
    assert read_invitation_token(other) is None


@pytest.mark.parametrize("payload", [["42", "abc"], [42, 7], [42], "42"])
def test_read_invitation_token_gives_none_for_a_genuine_token_of_the_wrong_shape(context,
                                                                                 payload):
    token = URLSafeTimedSerializer(context.config["SECRET_KEY"],
                                   salt=INVITATION_SALT).dumps(payload)
    assert read_invitation_token(token) is None


def test_an_invitation_still_works_just_before_it_expires(context, monkeypatch):
    days = context.config["ASSEMBLY_INVITATION_DAYS"]
    assert read_invitation_token(issued_days_ago(monkeypatch, days - 1)) == (7, "n1")


def test_an_invitation_past_its_days_has_expired(context, monkeypatch):
    days = context.config["ASSEMBLY_INVITATION_DAYS"]
    with pytest.raises(InvitationExpired):
        read_invitation_token(issued_days_ago(monkeypatch, days + 1))


def test_the_invitation_days_come_from_the_config(context, monkeypatch):
    token = issued_days_ago(monkeypatch, 3)
    monkeypatch.setitem(context.config, "ASSEMBLY_INVITATION_DAYS", 2)
    with pytest.raises(InvitationExpired):
        read_invitation_token(token)
    monkeypatch.setitem(context.config, "ASSEMBLY_INVITATION_DAYS", 4)
    assert read_invitation_token(token) == (7, "n1")


def test_a_forged_link_is_forged_even_when_old(context, monkeypatch):
    token = issued_days_ago(monkeypatch, 400)
    assert read_invitation_token(forge(token)) is None
