"""`consult sms-simulate` signs and posts a message to a running site as the gateway would,
and prints the reply: the whole path of a basic phone, with no phone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.ideas.channels.models import GatewayKind
from consult.ideas.models import Submission
from consult.models import Phase
from tests.ideas.channels.conftest import NUMBER, SENDER
from tests.ideas.channels.test_webhook import IDEA, code_in


@pytest.fixture
def site(app, monkeypatch, live_server, create_consultation, create_gateway, create_route):
    """A consultation reached through a gateway of each kind, on a running server."""
    monkeypatch.setitem(app.config, "CONSULT_BASE_URL", live_server)
    consultation = create_consultation(Phase.OPEN)
    gateways = {kind: create_gateway(kind) for kind in GatewayKind}
    for gateway in gateways.values():
        create_route(gateway, consultation)
    return gateways


@pytest.mark.parametrize("kind", list(GatewayKind))
def test_a_simulated_message_becomes_an_idea_and_its_reply_is_printed(db, runner, site, kind):
    result = runner.invoke(args=["sms-simulate", "--gateway", str(site[kind].id),
                                 "--to", NUMBER, "--from", SENDER, IDEA])
    assert result.exit_code == 0, result.output
    code = code_in(result.output)
    db.session.commit()
    assert db.session.scalar(select(Submission.text)) == IDEA
    again = runner.invoke(args=["sms-simulate", "--gateway", str(site[kind].id),
                                "--to", NUMBER, "--from", SENDER, code])
    assert again.output.strip() == f"Idea {code}: published, waiting for an answer."


def test_a_wrong_secret_is_refused_by_the_site(db, runner, site, live_server):
    gateway = site[GatewayKind.HMAC]
    result = runner.invoke(args=[
        "sms-simulate", "--url", f"{live_server}/channels/{gateway.id}/inbound",
        "--kind", "hmac", "--secret", "not-the-shared-key", "--to", NUMBER, "--from", SENDER,
        IDEA])
    assert result.exit_code == 1 and "403" in result.output


def test_without_a_gateway_the_address_kind_and_secret_are_needed(db, runner):
    result = runner.invoke(args=["sms-simulate", "--to", NUMBER, "--from", SENDER, IDEA])
    assert result.exit_code == 2 and "--gateway" in result.output
