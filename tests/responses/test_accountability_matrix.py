"""Who may open each route of official responses and accountability, for every role.

Every route of the respond, adoption, monitoring, accountability and mail blueprints is
requested by an anonymous visitor and by an account of each role. The design:

- answering, reviewing and publishing (respond), adoption and progress: officials (and admins);
- assessments: monitors (and admins); the event log: whoever holds "audit.read";
- the report, overdue answers, feeds and the unsubscribe link: everyone.

A role refused gets 403; an anonymous visitor refused is sent to the sign-in page. A role
allowed gets past the door: ids that do not exist then give 404, a form sent empty gives its
own 4xx, but never 401/403 nor the sign-in page.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from consult.core.tokens import unsubscribe_token
from consult.models import RoleName
from tests.fixtures.clients import csrf_token

R = RoleName
OFFICIALS = {R.OFFICIAL, R.ADMIN}
EVERYONE = set(RoleName) | {None}
BLUEPRINTS = ("respond", "adoption", "monitoring", "accountability", "mail")
MONITORS = {R.MONITOR, R.ADMIN}
AUDIT = {R.MONITOR, R.OFFICIAL, R.FACILITATOR, R.ADMIN}


def allowed(endpoint: str) -> set:
    blueprint = endpoint.split(".", 1)[0]
    if blueprint in ("respond", "adoption"):
        return OFFICIALS
    if endpoint in ("monitoring.events", "monitoring.draw_pool"):  # "audit.read"
        return AUDIT
    if blueprint == "monitoring":
        return MONITORS
    return EVERYONE


def routes(app) -> list[tuple[Rule, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".", 1)[0] not in BLUEPRINTS:
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            found.append((rule, method))
    return found


def url(app, rule: Rule) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if name == "token":
            values[name] = unsubscribe_token("someone@example.org")
        elif hasattr(converter, "items"):  # any(…)
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, NumberConverter):
            values[name] = 999_999
        else:
            values[name] = "x"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def test_the_matrix_covers_routes_of_every_blueprint(app):
    covered = {rule.endpoint.split(".", 1)[0] for rule, _ in routes(app)}
    assert covered == set(BLUEPRINTS)


@pytest.mark.parametrize("role", [None, *RoleName], ids=lambda r: r.value if r else "anonymous")
def test_every_route_lets_in_exactly_the_roles_designed(app, client_as, role):
    client = client_as(role.value) if role else app.test_client()
    token = csrf_token(client, "/" if role else "/login")
    wrong = []
    for rule, method in routes(app):
        path = url(app, rule)
        response = (client.get(path) if method == "GET"
                    else client.post(path, data={"csrf_token": token}))
        to_sign_in = response.status_code == 302 and "/login" in response.location
        if role in allowed(rule.endpoint):
            if response.status_code in (401, 403) or to_sign_in or response.status_code >= 500:
                wrong.append(f"{method} {path}: {response.status_code}, should be let in")
        elif role is None:
            if not to_sign_in:
                wrong.append(f"{method} {path}: {response.status_code}, should ask to sign in")
        elif response.status_code != 403:
            wrong.append(f"{method} {path}: {response.status_code}, should be 403")
    assert wrong == []
