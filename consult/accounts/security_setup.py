"""Accounts (Flask-Security-Too) and security headers (Talisman)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, has_request_context, make_response, render_template, request
from flask_security import user_registered
from flask_wtf import FlaskForm

from consult.accounts.store import user_datastore
from consult.accounts.two_factor import RecoveryForm, VerifyCodeForm
from consult.accounts.users import welcome_resident
from consult.core.user import User
from consult.extensions import db, security, talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def render_security_page(template: str, **context: Any) -> str | Response:
    """Flask-Security's pages (and mails) drawn by Flask; a form sent back with errors
    (a wrong password or code, a breached password) answers 422, not 200."""
    body = render_template(template, **context)
    refused = has_request_context() and request.method == "POST" and any(
        isinstance(value, FlaskForm) and value.errors for value in context.values())
    return make_response(body, 422) if refused else body


def _on_registered(sender, user: User, **_extra) -> None:
    welcome_resident(db.session, user)


def init_app(app: Flask) -> None:
    security.init_app(app, user_datastore, render_template=render_security_page,
                      two_factor_verify_code_form=VerifyCodeForm, mf_recovery_form=RecoveryForm)
    user_registered.connect(_on_registered, app)
    secure = app.config["SESSION_COOKIE_SECURE"]
    talisman.init_app(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=secure,
        session_cookie_secure=secure,
        session_cookie_http_only=True,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
    )
