"""Behind a trusted reverse proxy, each resident is counted at their own address."""

from consult.web import hosts
from tests.fixtures.clients import csrf_token


def _from(client, consultation, address: str) -> int:
    """A similar-ideas lookup (limited per address) from a resident at `address`."""
    return client.post(f"/consultations/{consultation.id}/ideas/similar",
                       data={"text": "short", "csrf_token": csrf_token(client)},
                       headers={"X-Forwarded-For": address}).status_code


def test_rate_limits_count_each_forwarded_address_behind_a_trusted_proxy(
        app, client, create_consultation, rate_limits, monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SIMILAR", "2 per minute")
    monkeypatch.setattr(app, "wsgi_app", hosts.behind_proxies(app.wsgi_app, 1))
    consultation = create_consultation()
    first = [_from(client, consultation, "203.0.113.7") for _ in range(3)]
    assert first == [200, 200, 429]
    assert _from(client, consultation, "198.51.100.4") == 200  # another resident


def test_forwarded_addresses_are_ignored_without_a_trusted_proxy(
        client, create_consultation, rate_limits, monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SIMILAR", "2 per minute")
    consultation = create_consultation()
    statuses = [_from(client, consultation, f"203.0.113.{n}") for n in range(3)]
    assert statuses == [200, 200, 429]  # a forged header cannot dodge the limit
