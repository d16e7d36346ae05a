"""Choosing the reader's language: explicit choice (cookie) > profile > Accept-Language."""

from __future__ import annotations

from flask import current_app, g, has_app_context, has_request_context, request
from flask_login import current_user

from consult.core.languages import RTL_LOCALES
from consult.web.outage import database_unavailable

LOCALE_COOKIE = "locale"


def _site():
    return g.get("organisation") if has_app_context() else None


def supported_locales() -> tuple[str, ...]:
    """The languages readers may choose: those the site has, or those of them its
    organisation offers."""
    available = tuple(current_app.config["CONSULT_LOCALES"])
    site = _site()
    offered = tuple(code for code in available if site and code in site.locales)
    return offered or available


def default_locale() -> str:
    site = _site()
    return site.default_locale if site else current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    if not has_request_context():
        return default_locale()
    supported = supported_locales()
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in supported:
        return chosen
    profile = None if database_unavailable() else getattr(current_user, "locale", None)
    if profile in supported:
        return profile
    return request.accept_languages.best_match(supported) or default_locale()


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RTL_LOCALES else "ltr"
