"""A consultation's text in the reader's language, or the original with a note saying so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from consult.consultations.models import Consultation, Question
from consult.core.languages import language_name


def _base(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


@dataclass(frozen=True)
class LocalizedQuestion:
    text: str
    lang: str


@dataclass(frozen=True)
class LocalizedText:
    """What a page shows. `is_fallback`: no translation for the reader, original shown."""

    title: str
    summary: str
    body: str
    lang: str
    is_fallback: bool
    language_name: str
    questions: tuple[LocalizedQuestion, ...]
    areas: tuple[tuple[str, str], ...] = ()  # (the area as stored, its name for the reader)

    def area_name(self, area: str | None) -> str:
        return dict(self.areas).get(area or "", area or "")


def _question(question: Question, lang: str, original: str) -> LocalizedQuestion:
    text = (question.translations or {}).get(lang, {}).get("text", "").strip()
    if text and lang != original:
        return LocalizedQuestion(text, lang)
    return LocalizedQuestion(question.text, original)


def _areas(consultation: Consultation, lang: str) -> tuple[tuple[str, str], ...]:
    """Each area with its name in `lang` when the facilitator gave one (line N for area N)."""
    names = ((consultation.translations or {}).get(lang) or {}).get("areas") or []
    return tuple((area, (names[i].strip() if i < len(names) else "") or area)
                 for i, area in enumerate(consultation.areas or []))


def localized(consultation: Consultation, locale: str) -> LocalizedText:
    """Title, summary, body and questions in `locale` when translated, else the original."""
    lang, original = _base(locale), consultation.language or "en"
    translation = (consultation.translations or {}).get(lang) or {}
    if lang != original and translation.get("title", "").strip():
        return LocalizedText(
            title=translation["title"],
            summary=translation.get("summary") or consultation.summary,
            body=translation.get("body") or consultation.body,
            lang=lang, is_fallback=False, language_name=language_name(lang, lang),
            questions=tuple(_question(q, lang, original) for q in consultation.questions),
            areas=_areas(consultation, lang),
        )
    return LocalizedText(
        title=consultation.title, summary=consultation.summary, body=consultation.body,
        lang=original, is_fallback=lang != original,
        language_name=language_name(original, lang),
        questions=tuple(_question(q, original, original) for q in consultation.questions),
        areas=_areas(consultation, lang),
    )


def localized_all(consultations: Iterable[Consultation], locale: str) -> dict[int, LocalizedText]:
    """`localized()` of each consultation, by id, for listings."""
    return {consultation.id: localized(consultation, locale) for consultation in consultations}
