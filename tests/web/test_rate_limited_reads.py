"""Rate limits count what is sent, never pages read (consult.web.rate_limits)."""

from __future__ import annotations

from tests.fixtures.clients import csrf_token


def _similar(client, consultation, token: str) -> int:
    return client.post(f"/consultations/{consultation.id}/ideas/similar",
                       data={"text": "Trees along the river", "csrf_token": token}).status_code


def test_reading_pages_spends_no_limit_and_sending_still_does(
        client, create_consultation, rate_limits, monkeypatch):
    monkeypatch.setitem(rate_limits, "RATELIMIT_SIMILAR", "2 per minute")
    consultation = create_consultation()
    form = f"/consultations/{consultation.id}/ideas/new"

    reads = [client.get(form).status_code for _ in range(5)]
    token = csrf_token(client, form)
    sent = [_similar(client, consultation, token) for _ in range(3)]

    assert reads == [200] * 5
    assert sent == [200, 200, 429]
    assert client.get(form).status_code == 200  # refused a POST, still reads the page
