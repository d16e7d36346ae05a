"""WTForms classes, one module per area; labels translated lazily."""

from __future__ import annotations

from functools import lru_cache

from babel.support import NullTranslations, Translations
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


def strip(value: str | None) -> str | None:
    """Filter: surrounding spaces never count (a name of spaces is an empty name)."""
    return value.strip() if isinstance(value, str) else value


def first_error(form) -> str:
    """The first message of a form that failed validation (its CSRF token's included)."""
    for field in form:
        if field.errors:
            return str(field.errors[0])
    return str(_("Your form expired. Please try again."))


@lru_cache(maxsize=16)
def wtforms_translations(locale: str) -> NullTranslations:
    """WTForms' own messages in `locale`: files of the package, read once per process."""
    return Translations.load(messages_path(), [locale], domain="wtforms")


class ConsultForm(FlaskForm):
    """A FlaskForm whose WTForms messages are not read from disk again on every request.

    Flask-WTF loads its translations once per request, and every form asks for them (a field
    without a label, such as the CSRF token, translates its name).
    """

    class Meta:
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations(str(get_locale()))
