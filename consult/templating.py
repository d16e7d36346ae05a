"""What every template can use: assets, permissions, the reader's language, the site."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import format_datetime, get_locale
from flask_login import current_user
from sqlalchemy import select

from consult.extensions import db
from consult.i18n import LANGUAGE_NAMES, supported_locales, text_direction
from consult.markdown import render_markdown
from consult.models import Organisation, Submission
from consult.permissions import can
from consult.tokens import tracking_token
from consult.vocabulary import label
from consult.web.assets import asset_url


def _site() -> dict:
    locale = str(get_locale() or "en")
    organisation = db.session.scalar(select(Organisation).order_by(Organisation.id).limit(1))
    return {
        "current_locale": locale,
        "text_direction": text_direction(locale),
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in supported_locales()],
        "organisation": organisation,
        "current_path": request.full_path.rstrip("?") if request else "/",
        # Save-Data: the reader pays for bytes; pages then work without JavaScript.
        "save_data": request.headers.get("Save-Data", "").lower() == "on",
    }


def _tracking_token(submission: Submission) -> str:
    return tracking_token(submission.id, submission.tracking_nonce)


def _can(permission: str) -> bool:
    return can(current_user, permission)


def _vary_on_save_data(response):
    response.vary.add("Save-Data")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_vary_on_save_data)
    app.jinja_env.globals.update(
        asset_url=asset_url, can=_can, label=label, tracking_token=_tracking_token
    )
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_site)
