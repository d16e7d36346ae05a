"""Walking the application: every rule of `app.url_map`, every form on every page.

A new route or form is covered without touching the tests: rules are read from the URL map,
forms from the HTML each role is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from werkzeug.routing import Rule

ARGUMENT = re.compile(r"<(?:[^<>]*:)?(\w+)>")
# Not worth sweeping: files on disk, sign-out (it would end the client's session), erasing
# one's account (it would end the role's client for the rest of the sweep), and the second
# step of signing in, which signs out an account that sends it while already signed in.
SKIPPED = {"static", "security.static", "security.logout", "me.erase",
           "security.two_factor_token_validation"}
FALLBACK = {"code": "es", "table": "submissions", "token": "not-a-token"}


def rules(app) -> list[Rule]:
    return [rule for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
            if rule.endpoint not in SKIPPED]


def int_arguments(rule: Rule) -> list[str]:
    return [name for name, converter in rule._converters.items()
            if type(converter).__name__ == "IdConverter"]


def path(rule: Rule, ids: dict[str, int], tokens: dict[str, str], **given) -> str:
    """The rule's path, with `given` values, else the world's ids, else a plain value."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name in given:
            return str(given[name])
        converter = rule._converters[name]
        if hasattr(converter, "items"):  # any(…)
            return sorted(converter.items)[0]
        if name in ids:
            return str(ids[name])
        if name == "token":
            return tokens.get(rule.endpoint, FALLBACK["token"])
        return FALLBACK.get(name, "1")

    return ARGUMENT.sub(value, rule.rule)


def methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) & {"GET", "POST"})


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values shown
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type / select / textarea

    def text_fields(self) -> list[str]:
        return [name for name, kind in self.kinds.items()
                if kind in ("text", "textarea", "email", "url", "search", "tel", "password")]

    def number_fields(self) -> list[str]:
        numeric = [name for name, values in self.fields.items()
                   if any(re.fullmatch(r"[0-9]+", v) for v in values)]
        return [name for name in self.kinds if self.kinds[name] == "number" or name in numeric]


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.current, self.select = page, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or attrs.get("hx-post") or self.page
            self.current = Form(action, (attrs.get("method") or "get").upper())
            self.forms.append(self.current)
        elif self.current is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self.current.kinds.setdefault(attrs["name"], kind)
                self.current.fields.setdefault(attrs["name"], [])
                self.current.fields[attrs["name"]].append(attrs.get("value") or "on")
                return
            self._add(attrs["name"], kind, attrs.get("value") or "")
        elif tag in ("textarea", "select"):
            self._add(attrs["name"], tag, "")
            self.select = attrs["name"] if tag == "select" else None
        elif tag == "option" and self.select:
            values = self.current.fields[self.select]
            option = attrs.get("value") or ""
            if values == [""] or "selected" in attrs:
                values[:] = [option]

    def _add(self, name, kind, value):
        self.current.kinds.setdefault(name, kind)
        self.current.fields.setdefault(name, []).append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(html: str, page: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms


def local(action: str) -> str | None:
    """The path (and query) a form is sent to, or None if it leaves the site."""
    parts = urlsplit(action)
    if parts.netloc and parts.netloc != "localhost":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_server_error(response) -> bool:
    return response.status_code >= 500


def send(client, method: str, url: str, **options):
    """The response, read whole and closed (a streamed body would outlive its request)."""
    response = client.open(url, method=method, **options)
    response.get_data()
    response.close()
    return response
