"""What every staff view needs from the request: who is acting, and how an action runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request
from flask_login import current_user

from consult.core.errors import ConsultError
from consult.core.user import User
from consult.extensions import db
from consult.web.forms import first_error
from consult.web.safety import safe_next


def current_actor() -> User:
    """The signed-in user as a plain object, for services and relationships (the proxy
    `current_user` cannot be stored on a row)."""
    return current_user._get_current_object()


def run_action(form, apply: Callable[[], Any], *, done: str | Callable[[Any], str],
               back: str | Callable[[Any], str], page: Callable[..., Any],
               button: bool | None = None):
    """Run an action posted with `form`: validate it, `apply()` the service, commit, flash
    `done` and redirect to `back` (or to a safe `next` sent with the form). `done` and `back`
    may be functions of what `apply` returned.

    When refused, nothing is kept and `page(error=..., status=...)` shows the page again. A
    button's form (no field but its CSRF token, or `button=True` for forms of hidden fields
    and choices) shows the reason as the page's error, with the service's status. A form a
    person typed into shows it on the field the `ConsultError` names, else above the form,
    and a refusal of what was typed (400) answers 422, as invalid input does.
    """
    if button is None:  # a form with nothing but its CSRF token is a button's
        button = all(field.type == "CSRFTokenField" for field in form)
    if not form.validate_on_submit():
        # A button's form fails only when its token expired; other forms show their errors.
        return page(error=first_error(form) if button else None, status=422)
    try:
        result = apply()
    except ConsultError as error:
        db.session.rollback()
        message = str(error.message)
        if button:
            return page(error=message, status=error.status)
        field = getattr(error, "field", None)
        (form[field].errors if field and field in form else form.form_errors).append(message)
        return page(error=None, status=422 if error.status == 400 else error.status)
    db.session.commit()
    flash(done(result) if callable(done) else done, "success")
    target = back(result) if callable(back) else back
    return redirect(safe_next(request.form.get("next"), target))
