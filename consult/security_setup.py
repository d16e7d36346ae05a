"""Accounts (Flask-Security-Too) and security headers (Talisman)."""

from __future__ import annotations

from flask import Flask
from flask_security import SQLAlchemyUserDatastore, user_registered

from consult.extensions import db, security, talisman
from consult.models import Role, User

user_datastore = SQLAlchemyUserDatastore(db, User, Role)

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



def _on_registered(sender, user: User, **_extra) -> None:
    from consult.services.users import welcome_resident

    welcome_resident(db.session, user)


def init_app(app: Flask) -> None:
    security.init_app(app, user_datastore)
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
