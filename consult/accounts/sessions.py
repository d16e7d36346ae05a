"""Signed-in sessions, checked once per request, and the rules staff accounts sign in under.

Everything a signed-in request must pass is in `check_signed_in_request`, run before every
view: the browser's session must still be open (not ended from another browser), a staff
session ends after CONSULT_STAFF_IDLE_MINUTES without activity, and a staff account cannot
use any page until it has set up two-factor sign-in and its recovery codes. Flask-Security
asks staff for the second factor at sign-in (`User.check_tf_required`); this check covers
accounts that were already signed in, or became staff while signed in.

Sessions start and end on Flask-Security's and Flask-Login's signals, inside the requests
that sign in and out.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, after_this_request, current_app, flash, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, user_logged_out
from flask_security import (
    logout_user,
    tf_code_confirmed,
    tf_disabled,
    tf_profile_changed,
    user_authenticated,
)
from flask_security.twofactor import is_tf_setup

from consult.accounts import security as account_security
from consult.core.user import User
from consult.extensions import db
from consult.web.devices import describe_device
from consult.web.htmx import full_page_redirect
from consult.web.outage import database_unavailable
from consult.web.safety import safe_next

SESSION_KEY = "account_session"  # in the Flask session: the key of the session's row

# How the sign-in was completed, when Flask-Security does not say.
_METHODS_BY_ENDPOINT = {
    "security.two_factor_token_validation": "authenticator",
    "security.mf_recovery": "recovery_code",
}


def current_session_key() -> str | None:
    """The key of this browser's session, as kept in its (signed) Flask session."""
    return session.get(SESSION_KEY)


def _commit_after_request() -> None:
    @after_this_request
    def commit(response):
        db.session.commit()
        return response


def _start_session(user: User, method: str) -> None:
    device = describe_device(request.user_agent.string)
    session[SESSION_KEY] = account_security.start_session(
        db.session, user, device.browser, device.system, method)


def _on_signed_in(sender, user: User, authn_via: list[str] | None = None, **_extra) -> None:
    method = authn_via[-1] if authn_via else _METHODS_BY_ENDPOINT.get(request.endpoint, "other")
    _start_session(user, method)
    _commit_after_request()


def _on_signed_out(sender, user: User, **_extra) -> None:
    current = account_security.find_session(db.session, session.pop(SESSION_KEY, None))
    if current is not None:
        account_security.end_session(db.session, current, "user.signed_out")
        _commit_after_request()


def _on_two_factor_confirmed(sender, user: User, **_extra) -> None:
    # Also sent at every sign-in with a code; only a code confirming a new app sets it up.
    if session.get("tf_state") == "validating_profile":
        account_security.two_factor_enabled(db.session, user)


def _on_two_factor_changed(sender, user: User, **_extra) -> None:
    account_security.two_factor_enabled(db.session, user)


def _on_two_factor_disabled(sender, user: User, **_extra) -> None:
    account_security.two_factor_reset(db.session, user)


def _wanted_page() -> str | None:
    """Where to go back to once signed in again: this page, or the page a form was sent from."""
    if request.method == "GET":
        return safe_next(request.full_path.rstrip("?"), fallback="") or None
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""),
                     fallback="") or None


def _sign_out(message: str):
    logout_user()
    flash(message, "info")
    return full_page_redirect(url_for("security.login", next=_wanted_page()))


def _session_problem(user: User):
    """End a session that was ended elsewhere or sat idle too long (staff); else note activity."""
    key = session.get(SESSION_KEY)
    current = account_security.find_session(db.session, key)
    if current is None:
        if key is None and not user.is_staff:
            # Signed in before sessions were kept, or again from a "remember me" cookie.
            _start_session(user, "remembered")
            db.session.commit()
            return None
        if key is None:  # a staff session from before sessions were kept, or a cookie
            return _sign_out(_("Please sign in again to continue."))
        session.pop(SESSION_KEY, None)
        return _sign_out(_("You were signed out of this browser from another session. "
                           "Sign in again to continue."))
    minutes = current_app.config["STAFF_IDLE_MINUTES"]
    if user.is_staff and account_security.idle_for(current) > timedelta(minutes=minutes):
        account_security.end_session(db.session, current, "user.session_expired")
        db.session.commit()
        session.pop(SESSION_KEY, None)
        return _sign_out(_("You were signed out because you were inactive for %(minutes)s "
                           "minutes. Sign in again to continue.", minutes=minutes))
    if account_security.touch(current):
        db.session.commit()
    return None


def _staff_setup_missing(user: User):
    """Send staff to set up their second factor, then their recovery codes, before any page."""
    if not user.is_staff or request.blueprint == "security":
        return None
    if not is_tf_setup(user):
        flash(_("Staff accounts sign in in two steps. Set up an authenticator app to "
                "continue."), "info")
        return full_page_redirect(url_for("security.two_factor_setup"))
    if user.mf_recovery_codes is None:
        flash(_("Create your recovery codes and keep them somewhere safe: each one lets you "
                "sign in once if you lose your phone."), "info")
        return full_page_redirect(url_for("security.mf_recovery_codes"))
    return None


def check_signed_in_request():
    """Run before every view (see the module's docstring)."""
    if request.endpoint in (None, "static") or database_unavailable():
        return None
    if not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    return _session_problem(user) or _staff_setup_missing(user)


def init_app(app: Flask) -> None:
    app.before_request(check_signed_in_request)
    user_authenticated.connect(_on_signed_in, app)
    user_logged_out.connect(_on_signed_out, app)
    tf_code_confirmed.connect(_on_two_factor_confirmed, app)
    tf_profile_changed.connect(_on_two_factor_changed, app)
    tf_disabled.connect(_on_two_factor_disabled, app)
