"""What every template can use: assets, permissions, the reader's language, the site."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, g, has_app_context, has_request_context, request, url_for
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from consult.assemblies.labels import RATING_LABELS, category_label, category_name, category_value
from consult.consultations.text import LocalizedText, localized
from consult.core.dates import format_day, format_moment
from consult.core.labels import label
from consult.core.languages import LANGUAGE_NAMES, language_name
from consult.core.markdown import render_markdown
from consult.core.permissions import can
from consult.core.tokens import tracking_token
from consult.i18n import supported_locales, text_direction
from consult.ideas.models import Submission
from consult.responses.answer_text import AnswerText
from consult.responses.answer_text import text_for as answer_text_for
from consult.themes.labels import algorithm_label
from consult.web.assets import asset_url
from consult.web.organisations import Site
from consult.web.outage import database_unavailable

PLAIN = (str, int)  # values whose address can be kept: equal values, the same address


def _organisation() -> Site | None:
    """The organisation of this request (consult.web.organisations): none for a host that
    names no organisation, and when the database could not be read."""
    return g.get("organisation") if has_app_context() else None


def _site() -> dict:
    locale = str(get_locale() or "en")
    organisation = _organisation()
    in_request = has_request_context()
    return {
        "current_locale": locale,
        "text_direction": text_direction(locale),
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in supported_locales()],
        "organisation": organisation,
        "database_unavailable": database_unavailable(),
        "current_path": request.full_path.rstrip("?") if in_request else "/",
        # Save-Data: the reader pays for bytes; pages then work without JavaScript.
        "save_data": in_request and request.headers.get("Save-Data", "").lower() == "on",
    }


def _gettext_functions() -> dict:
    """`_`, `gettext` and `ngettext` for one rendering, with the translations looked up once.

    Flask-Babel's own look the reader's translations up again at every call, a dozen times
    a page. The locale cannot change while a template renders, so once is enough. Same
    behaviour as Jinja's new-style gettext: escaped when autoescaping, always %-formatted.
    """
    translations = get_translations()

    def formatted(context: Context, text: str, variables: dict) -> str:
        # Our catalogs' text is markup, as Jinja treats it; the variables are escaped.
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables  # noqa: S704

    @pass_context
    def gettext(context: Context, string: str, **variables) -> str:
        return formatted(context, translations.ugettext(string), variables)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        return formatted(context, translations.ungettext(singular, plural, num), variables)

    return {"gettext": gettext, "ngettext": ngettext}


def _tracking_token(submission: Submission) -> str:
    return tracking_token(submission.id, submission.tracking_nonce)


def _can(permission: str) -> bool:
    return not database_unavailable() and can(current_user, permission)


def _public_sections() -> list[tuple[str, str, str]]:
    """The menu and the footer reach each step from an idea to what became of it:
    (endpoint, address, title) of each, built once for both."""
    sections = [("consultations.index", _("Consultations")), ("plans.index", _("Action plans")),
                ("assemblies.index", _("Citizens' assemblies")),
                ("accountability.index", _("You said, we did"))]
    return [(endpoint, url_for(endpoint), title) for endpoint, title in sections]


def _consultation_text(consultation) -> LocalizedText:
    """A consultation's title, questions and areas in the reader's language when it has them."""
    return localized(consultation, str(get_locale() or "en"))


def _answer_text(response) -> AnswerText:
    """An answer's text in the reader's language when an official translated it."""
    return answer_text_for(response, str(get_locale() or "en"))


def _language_name(code: str) -> str:
    return language_name(code, str(get_locale() or "en"))


def _bdi(text: object, lang: str | None = None) -> Markup:
    """Text someone wrote, isolated from the sentence around it: its own direction, so that
    English in an Arabic sentence (and Arabic in an English one) keeps its punctuation."""
    if lang:
        return Markup('<bdi lang="{}">{}</bdi>').format(lang, text)
    return Markup("<bdi>{}</bdi>").format(text)


def _theme_link(theme) -> Markup:
    """A theme named in a sentence: a link to its public page, its label isolated."""
    href = url_for("consultations.theme", consultation_id=theme.consultation_id,
                   theme_id=theme.id)
    return Markup('<a href="{}"><bdi>{}</bdi></a>').format(href, theme_name(theme))


def theme_name(theme) -> str:
    """A theme's or sub-theme's name in the reader's language when its ideas are written in
    several and it has one in this language; the name a facilitator gave always wins."""
    names = getattr(theme, "names", None)
    if theme.named_by_facilitator or not names:
        return theme.label
    return names.get(str(get_locale()).split("_")[0]) or theme.label


def _url_for(app: Flask):
    """Templates' `url_for`: the same address as Flask's, built once per process.

    A page links to the same few dozen addresses (menu, footer, languages, files), and
    building each costs more than the rest of the link. An address depends only on the
    endpoint, its values and the site's root path: nothing that changes while the site runs.
    Relative endpoints (".show"), options ("_external"…), values that are not plain and
    rendering outside a request (mail) go to Flask every time.
    """
    built = lru_cache(maxsize=4096)(
        lambda endpoint, values, _root: app.url_for(endpoint, **dict(values)))

    def url_for(endpoint: str, **values) -> str:
        if (endpoint.startswith(".") or app.url_default_functions or not has_request_context()
                or any(key.startswith("_") or type(value) not in PLAIN
                       for key, value in values.items())):
            return app.url_for(endpoint, **values)
        return built(endpoint, tuple(sorted(values.items())), request.script_root)

    return url_for


def _vary_on_save_data(response):
    response.vary.add("Save-Data")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_vary_on_save_data)
    app.jinja_env.globals.update(
        url_for=_url_for(app), asset_url=asset_url, can=_can, label=label,
        tracking_token=_tracking_token, category_label=category_label, category_name=category_name,
        category_value=category_value, rating_labels=RATING_LABELS,
        public_sections=_public_sections, algorithm_label=algorithm_label,
        consultation_text=_consultation_text, reader_language_name=_language_name, bdi=_bdi,
        answer_text=_answer_text,
        theme_link=_theme_link, theme_name=theme_name,
    )
    app.jinja_env.filters["datetime"] = format_moment
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_site)
    app.context_processor(_gettext_functions)
