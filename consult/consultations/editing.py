"""Facilitators create and edit consultations and move them through their phases."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, Phase, Question
from consult.core import events
from consult.core.errors import Conflict, ConsultError
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.organisation import Organisation
from consult.core.tenancy import current_organisation_id
from consult.core.user import User

TRANSLATED_FIELDS = ("title", "summary", "body")


@dataclass
class ConsultationInput:
    """What the facilitator's form gives. `translations`: {"es": {"title", "summary", "body",
    "questions": [one text per question, in order], "areas": [one name per area, in order]}}."""

    title: str
    summary: str = ""
    body: str = ""
    language: str = "en"
    questions: list[str] = field(default_factory=list)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    allow_anonymous: bool = True
    premoderated: bool = False
    areas: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    translations: dict[str, dict] = field(default_factory=dict)
    response_days: int | None = None  # None: the organisation's
    office: str = ""  # the office that owes the answers ("": the organisation itself)


def _area_names(names: list[str] | None, count: int) -> list[str]:
    """The translated names of the areas, line N for area N, as many as there are areas."""
    names = [name.strip()[:120] for name in (names or [])][:count]
    return names + [""] * (count - len(names))


def _slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:100] or "consultation"


def _unique_slug(session: Session, title: str) -> str:
    base, n = _slugify(title), 1
    slug = base
    while session.scalar(select(Consultation.id).where(Consultation.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _validate(data: ConsultationInput) -> None:
    if not data.title.strip():
        raise ConsultError(_l("Give the consultation a title."))
    if not [text for text in data.questions if text.strip()]:
        raise ConsultError(_l("Ask at least one question."))
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise ConsultError(_l("The closing date must be after the opening date."))
    if data.response_days is not None and not 7 <= data.response_days <= 365:
        raise ConsultError(_l("Give between 7 and 365 days to answer."))
    unknown = set(data.languages) - set(CONTENT_LANGUAGES)
    if unknown or data.language not in CONTENT_LANGUAGES:
        raise ConsultError(_l("Choose languages from the list."))


def _has_ideas(session: Session, consultation: Consultation) -> bool:
    if consultation.id is None:
        return False
    return bool(session.scalar(
        select(Consultation.submissions.any()).where(Consultation.id == consultation.id)))


def _set_questions(session: Session, consultation: Consultation, data: ConsultationInput) -> None:
    texts = [text.strip() for text in data.questions if text.strip()]
    existing = list(consultation.questions)
    for extra in existing[len(texts):]:
        # Ideas keep pointing at their question: one that has answers is never removed.
        used = session.scalar(select(Question.submissions.any()).where(Question.id == extra.id))
        if used:
            raise Conflict(_l("Question %(n)s already has ideas and cannot be removed.",
                              n=extra.position))
        consultation.questions.remove(extra)
    session.flush()  # free the positions of removed questions before new ones take them
    for index, text in enumerate(texts):
        translations = {
            code: {"text": content["questions"][index]}
            for code, content in data.translations.items()
            if index < len(content.get("questions", [])) and content["questions"][index].strip()
        }
        if index < len(existing):
            existing[index].text, existing[index].translations = text, translations
        else:
            consultation.questions.append(
                Question(position=index + 1, text=text, translations=translations)
            )


def _apply(session: Session, consultation: Consultation, data: ConsultationInput) -> list[str]:
    """Set every field from `data`; the names of the fields that changed."""
    _validate(data)
    before = [(q.text, q.translations) for q in consultation.questions]
    consultation.title = data.title.strip()
    consultation.summary = data.summary.strip()
    consultation.body = data.body.strip()
    consultation.language = data.language
    consultation.opens_at, consultation.closes_at = data.opens_at, data.closes_at
    if data.response_days is not None:
        consultation.response_days = data.response_days
    consultation.office = data.office.strip()
    consultation.allow_anonymous = data.allow_anonymous
    consultation.premoderated = data.premoderated
    consultation.areas = list(dict.fromkeys(a.strip() for a in data.areas if a.strip()))
    consultation.languages = [code for code in CONTENT_LANGUAGES if code in data.languages]
    # Only languages still offered keep their translations; the event log keeps the rest.
    consultation.translations = {
        code: {**{key: content.get(key, "").strip() for key in TRANSLATED_FIELDS},
               **({"areas": _area_names(content.get("areas"), len(consultation.areas))}
                  if consultation.areas else {})}
        for code, content in data.translations.items()
        if code in consultation.languages and code != data.language
        and (any(content.get(key, "").strip() for key in TRANSLATED_FIELDS)
             or any(name.strip() for name in content.get("areas") or []))
    }
    changed = {attr.key for attr in inspect(consultation).attrs if attr.history.has_changes()}
    _set_questions(session, consultation, data)
    if before != [(q.text, q.translations) for q in consultation.questions]:
        changed.add("questions")
    return sorted(changed)


def _default_organisation(session: Session) -> Organisation:
    """The organisation the session acts for (the request's)."""
    organisation_id = current_organisation_id(session)
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None:
        raise ConsultError(_l("Set up the organisation before creating a consultation."))
    return organisation


def create_consultation(session: Session, actor: User, data: ConsultationInput) -> Consultation:
    """A new consultation, in draft, of the site's organisation."""
    organisation = _default_organisation(session)
    consultation = Consultation(
        organisation=organisation, slug=_unique_slug(session, data.title),
        phase=Phase.DRAFT, title="", response_days=organisation.response_days,
    )
    session.add(consultation)
    _apply(session, consultation, data)
    events.record(session, actor, "consultation.created", consultation,
                  {"title": consultation.title})
    return consultation


def update_consultation(
    session: Session, actor: User, consultation: Consultation, data: ConsultationInput
) -> Consultation:
    """Replace the consultation's content and settings with `data`; the phase is unchanged."""
    changed = _apply(session, consultation, data)
    events.record(session, actor, "consultation.updated", consultation, {"changed": changed})
    return consultation


def change_phase(session: Session, actor: User, consultation: Consultation, phase: Phase) -> None:
    """Move to `phase`. Back to draft is refused once ideas exist: they would vanish."""
    if phase is consultation.phase:
        raise ConsultError(_l("The consultation is already in this phase."))
    if phase is Phase.DRAFT and _has_ideas(session, consultation):
        raise Conflict(_l("This consultation has ideas: it cannot go back to draft."))
    previous = consultation.phase
    consultation.phase = phase
    events.record(session, actor, "consultation.phase_changed", consultation,
                  {"from": previous.value, "to": phase.value})
