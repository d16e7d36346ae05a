"""What readers see of an assembly's categories: the name of each category and of each of its
values in their language, as the facilitator wrote them.

The names as typed at set-up never change with a translation: they are what volunteers
declare, what the quotas count and what the published pool and quota files hold. A translation
is kept in the category's entry, `{"name": ..., "values": [...], "labels": {"es": {"name":
"Edad", "values": [...]}}}`, and written like the categories themselves, one line per category:
`name: value, value, …` in the same order."""

from __future__ import annotations

import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from sqlalchemy.orm import Session

from consult.assemblies.models import Assembly, RatingScale
from consult.assemblies.pool_privacy import MERGED
from consult.core import events
from consult.core.csv_files import safe_cell
from consult.core.errors import ConsultError
from consult.core.user import User

MAX_LABEL = 200  # characters in one translated name or value
MAX_TEXT = 5000  # characters in one language's text, as the categories' own field


def plain(categories: list[dict]) -> list[dict]:
    """The categories as typed, without their translations."""
    return [{"name": c["name"], "values": list(c["values"])} for c in categories]


def labels_text(categories: list[dict], lang: str) -> str:
    """The translation into `lang` as the facilitator wrote it; empty when there is none."""
    found = [(c.get("labels") or {}).get(lang) for c in categories]
    if not all(found):
        return ""
    return "\n".join(f"{label['name']}: {', '.join(label['values'])}" for label in found)


def parse_labels(categories: list[dict], text: str) -> list[dict]:
    """Line N names category N and its values, in the same order; no line at all: no
    translation. Raises ConsultError naming the line that does not fit."""
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)
             if line.strip()]
    if not lines:
        return []
    if len(lines) != len(categories):
        raise ConsultError(_ln(
            "Write one line for the category (lines written: %(lines)s).",
            "Write one line for each of the %(num)s categories, in the same order (lines "
            "written: %(lines)s).", len(categories), lines=len(lines)))
    return [_label(number, line, category)
            for (number, line), category in zip(lines, categories, strict=True)]


# Arabic, Chinese and Japanese keyboards give their own comma and colon: both are accepted.
_COMMAS = re.compile("[,،、，]")
_COLON = re.compile("[:：]")


def _partition(line: str) -> tuple[str, str, str]:
    """(name, the colon, the values) as str.partition(":") gives them, any colon accepted."""
    parts = _COLON.split(line, maxsplit=1)
    return (parts[0], ":", parts[1]) if len(parts) == 2 else (line, "", "")


def _label(number: int, line: str, category: dict) -> dict:
    name, colon, rest = _partition(line)
    values = [value.strip() for value in _COMMAS.split(rest)]
    expected = category["values"]
    if not colon or not name.strip() or len(values) != len(expected) or not all(values):
        raise ConsultError(_l(
            "Line %(line)s: write the name of “%(category)s”, a colon, then its %(n)s values "
            "separated by commas, in the order “%(values)s”.",
            line=number, category=category["name"], n=len(expected),
            values=", ".join(expected)))
    for word in (name.strip(), *values):
        if safe_cell(word) != word:
            raise ConsultError(_l(
                "A category name or value cannot start with = + - or @: “%(word)s”.", word=word))
        if len(word) > MAX_LABEL:
            raise ConsultError(_l("Line %(line)s: a name or value has at most %(max)s "
                                  "characters.", line=number, max=MAX_LABEL))
    if len({value.casefold() for value in values}) < len(values):
        raise ConsultError(_l("Line %(line)s: two values have the same name; residents could "
                              "not tell them apart.", line=number))
    return {"name": name.strip(), "values": values}


def set_labels(session: Session, actor: User, assembly: Assembly,
               texts: dict[str, str]) -> None:
    """Save the translation of the categories into each language of `texts` (language code →
    text as `parse_labels` reads it); an empty text removes that language's translation."""
    parsed = {lang: parse_labels(assembly.categories, text) for lang, text in texts.items()}
    updated = []
    for index, category in enumerate(assembly.categories):
        labels = {lang: label for lang, label in (category.get("labels") or {}).items()
                  if lang not in parsed}
        labels.update({lang: found[index] for lang, found in parsed.items() if found})
        updated.append({**plain([category])[0], **({"labels": labels} if labels else {})})
    assembly.categories = updated  # a new list: the JSON column sees the change
    events.record(session, actor, "assembly.categories_translated", assembly,
                  {"languages": sorted(lang for lang, found in parsed.items() if found)})


def keep_labels(previous: list[dict], categories: list[dict]) -> list[dict]:
    """`categories` with the translations of those unchanged since `previous` (same name and
    values): a translation of values that changed would name the wrong ones."""
    kept = {(c["name"], tuple(c["values"])): c["labels"] for c in previous if c.get("labels")}
    unchanged = [(c, kept.get((c["name"], tuple(c["values"])))) for c in plain(categories)]
    return [{**c, "labels": labels} if labels else c for c, labels in unchanged]


# What each rating means, for the forms and the results.
RATING_LABELS = {
    RatingScale.THREE: {1: _l("Support"), 0: _l("Neutral"), -1: _l("Oppose")},
    RatingScale.FIVE: {5: _l("5 – strongly support"), 4: _l("4"), 3: _l("3"), 2: _l("2"),
                       1: _l("1 – strongly oppose")},
}


# Names of the usual assembly categories; categories a facilitator adds show as written.
CATEGORY_LABELS = {"age": _l("Age band"), "gender": _l("Gender"), "area": _l("Area")}


def category_label(name: str) -> str:
    return str(CATEGORY_LABELS.get(name, name))


def _reader_label(assembly: Assembly, name: str, locale: str | None) -> dict | None:
    """The facilitator's translation of category `name` into the reader's language, if any."""
    lang = str(locale or get_locale() or "en").split("_")[0]
    category = next((c for c in assembly.categories if c["name"] == name), None)
    return ((category or {}).get("labels") or {}).get(lang)


def category_name(assembly: Assembly, name: str, locale: str | None = None) -> str:
    """A category's name for the reader: the facilitator's translation, else the usual name of
    a well-known category, else the name as typed."""
    translated = _reader_label(assembly, name, locale)
    return translated["name"] if translated else category_label(name)


def category_value(assembly: Assembly, name: str, value: str, locale: str | None = None) -> str:
    """A value of category `name` for the reader (what is stored stays `value`). A draw's group
    merges values as "a / b": each is translated."""
    translated = _reader_label(assembly, name, locale)
    if not translated:
        return value
    values = next(c["values"] for c in assembly.categories if c["name"] == name)
    names = dict(zip(values, translated["values"], strict=False))
    return MERGED.join(names.get(part, part) for part in value.split(MERGED))
