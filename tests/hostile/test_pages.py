"""Every page, as every role, with real ids and with a hostile query string: never a 5xx."""

from __future__ import annotations

from urllib.parse import quote

from tests.fixtures.clients import csrf_token
from tests.hostile import corpus, sweep

# The names the application reads from query strings, each given a hostile value.
QUERY_NAMES = ("q", "page", "sort", "question", "area", "language", "consultation", "theme",
               "status", "answered", "age", "next", "back", "v", "format")


def _hostile_query(index: int) -> str:
    values = [corpus.CONTROL[index % len(corpus.CONTROL)], corpus.HUGE_IDS[index % 6],
              corpus.SQL[index % len(corpus.SQL)], corpus.XSS[index % len(corpus.XSS)]]
    pairs = [f"{name}={quote(values[n % len(values)])}" for n, name in enumerate(QUERY_NAMES)]
    invalid = corpus.INVALID_UTF8[index % len(corpus.INVALID_UTF8)]
    return "&".join(pairs) + f"&q2={invalid}&{invalid}={invalid}"


def test_pages_never_answer_a_server_error_for_any_role(app, world):
    errors, seen = [], 0
    for role, client in world.clients.items():
        for index, rule in enumerate(sweep.rules(app)):
            if "GET" not in sweep.methods(rule):
                continue
            path = sweep.path(rule, world.ids, world.tokens)
            for url in (path, f"{path}?{_hostile_query(index)}"):
                response = sweep.send(client, "GET", url)
                seen += 1
                if sweep.is_server_error(response):
                    errors.append(f"{role} GET {url[:120]}: {response.status_code}")
    assert seen > 500
    assert errors == []


def test_pages_show_no_unescaped_markup_from_a_query_string(app, world):
    client = world.clients["admin"]
    payload = corpus.XSS[0]
    found = []
    for rule in sweep.rules(app):
        if "GET" not in sweep.methods(rule):
            continue
        url = sweep.path(rule, world.ids, world.tokens)
        response = sweep.send(client, "GET", f"{url}?q={quote(payload)}&next={quote(payload)}")
        if response.mimetype == "text/html" and payload in response.get_data(as_text=True):
            found.append(url)
    assert found == []


def test_posts_never_answer_a_server_error_when_sent_empty(app, world):
    """Every POST route as every role with only a valid CSRF token, as a role × route matrix."""
    errors, sent = [], 0
    for role, client in world.clients.items():
        # Without an account (a visitor, an assembly member by invitation) the sign-in form has one.
        token = csrf_token(client, "/login" if role in ("anonymous", "member") else "/")
        for rule in sweep.rules(app):
            if "POST" not in sweep.methods(rule):
                continue
            for data in ({"csrf_token": token}, {"csrf_token": token, "": ""}):
                response = sweep.send(client, "POST", sweep.path(rule, world.ids, world.tokens),
                                      data=data)
                sent += 1
                if sweep.is_server_error(response):
                    errors.append(f"{role} POST {rule.rule}: {response.status_code}")
    assert sent > 100
    assert errors == []
