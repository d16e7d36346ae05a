"""Every form each role is shown, sent back with hostile values in every field: never a 5xx,
and what was stored never comes back as markup."""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import escape

from tests.hostile import corpus, sweep

LONG_ENOUGH = " — and enough words for the idea to count as one"
ROLES = ("anonymous", "resident", "member", "facilitator", "official", "monitor", "admin")
JAVASCRIPT_HREF = re.compile(r"""(href|src|action)\s*=\s*["']?\s*(javascript|vbscript|data):""",
                             re.IGNORECASE)


def _base(form: sweep.Form) -> dict[str, list[str]]:
    return {name: list(values) for name, values in form.fields.items()}


def _with(form, names, value) -> dict[str, list[str]]:
    data = _base(form)
    for name in names:
        data[name] = [value]
    return data


def payloads(form: sweep.Form, index: int) -> list[dict[str, list[str]]]:
    """One representative value of each kind for this form (not the full cross product)."""
    text, numbers = form.text_fields(), form.number_fields()
    choices = [name for name, kind in form.kinds.items() if kind in ("select", "radio")]
    pick = lambda values: values[index % len(values)]  # noqa: E731 - rotates through the corpus
    return [
        _with(form, text, pick(corpus.XSS) + LONG_ENOUGH),
        _with(form, text, pick(corpus.MARKDOWN) + LONG_ENOUGH),
        _with(form, text, pick(corpus.CONTROL) + pick(corpus.BIDI_AND_INVISIBLE) + LONG_ENOUGH),
        _with(form, text, pick(corpus.SQL) + LONG_ENOUGH),
        _with(form, text, pick(corpus.JAVASCRIPT_URLS)),
        _with(form, numbers + choices, pick(corpus.HUGE_IDS)),
        _with(form, numbers + choices, pick(corpus.BAD_IDS)),
        _with(form, choices, pick(corpus.LANGUAGES)),
        _with(form, [*form.fields], pick(corpus.SQL)),
    ]


def _raw_body(form: sweep.Form, index: int) -> str:
    """The form urlencoded by hand, with bytes that are not UTF-8 in every text field."""
    invalid = corpus.INVALID_UTF8[index % len(corpus.INVALID_UTF8)]
    return "&".join(f"{quote(name)}={invalid if name in form.text_fields() else quote(value)}"
                    for name, values in form.fields.items() for value in values)


def _forms_of(app, world, role):
    """Each distinct form `role` is shown on any page (one per action and set of fields)."""
    client, found = world.clients[role], {}
    for rule in sweep.rules(app):
        if "GET" not in sweep.methods(rule):
            continue
        page = sweep.path(rule, world.ids, world.tokens)
        response = sweep.send(client, "GET", page)
        if response.mimetype != "text/html" or response.status_code >= 400:
            continue
        for form in sweep.forms_on(response.get_data(as_text=True), page):
            action = sweep.local(form.action)
            key = (form.method, re.sub(r"\d+", "N", action or ""), tuple(sorted(form.fields)))
            if action and action not in ("/logout",) and key not in found:
                found[key] = form
    return list(found.values())


def _sweep(app, world):
    errors, sent = [], 0
    for role in ROLES:
        client = world.clients[role]
        for index, form in enumerate(_forms_of(app, world, role)):
            action = sweep.local(form.action)
            for data in payloads(form, index):
                if form.method == "GET":
                    response = sweep.send(client, "GET", action, query_string=data)
                else:
                    response = sweep.send(client, "POST", action, data=data)
                sent += 1
                if sweep.is_server_error(response):
                    errors.append(f"{role} {form.method} {action} {sorted(data)[:6]}: "
                                  f"{response.status_code}")
            if form.method == "POST":
                response = sweep.send(client, "POST", action, data=_raw_body(form, index),
                                      content_type="application/x-www-form-urlencoded")
                sent += 1
                if sweep.is_server_error(response):
                    errors.append(f"{role} POST {action} (bytes not UTF-8): "
                                  f"{response.status_code}")
    return errors, sent


def _unescaped(app, world) -> tuple[list[str], int]:
    """Pages (as an official and as a visitor) that show a stored payload as markup, and how
    many pages show one escaped (so payloads were indeed stored)."""
    found, escaped = [], 0
    for role in ("admin", "anonymous"):
        for rule in sweep.rules(app):
            if "GET" not in sweep.methods(rule):
                continue
            page = sweep.path(rule, world.ids, world.tokens)
            response = sweep.send(world.clients[role], "GET", page)
            if response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            found += [f"{role} {page}: {payload[:40]}" for payload in corpus.XSS
                      if "<" in payload and payload in html]
            found += [f"{role} {page}: {match.group(0)}"
                      for match in JAVASCRIPT_HREF.finditer(html)]
            if re.search(r"<script>alert", html):
                found.append(f"{role} {page}: <script>alert")
            escaped += any(str(escape(payload)) in html for payload in corpus.XSS)
    return found, escaped


def test_forms_never_answer_a_server_error_and_stored_text_never_renders_as_markup(app, world):
    errors, sent = _sweep(app, world)
    assert sent > 600  # every role's forms were found and sent
    assert errors == []
    unescaped, escaped = _unescaped(app, world)
    assert unescaped == [], "\n".join(unescaped)
    assert escaped >= 3, escaped
