"""Ideas from another platform into a consultation: each once, with its origin kept.

An idea's ``source_id`` ("decidim:proposal:12") is unique in its consultation, so importing the
same export again, or a newer one, adds only what is new. Supports come as counts; a comment
is an idea whose import event names the idea it replied to. A dry run reports the same
figures and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import utcnow
from consult.core.user import User
from consult.ideas.languages import detect_language
from consult.ideas.models import Channel, Submission, SubmissionStatus
from consult.ideas.platforms.records import ForeignIdea

BATCH = 1000  # source ids per lookup


@dataclass(frozen=True)
class ForeignImport:
    added: int  # or, in a dry run, that would be added
    found: int  # imported before
    empty: int  # without any text: left out
    withdrawn: int  # among those added
    replies: int  # comments among those added


def import_foreign(session: Session, actor: User | None, consultation: Consultation,
                   ideas: Sequence[ForeignIdea], platform: str, language: str = "en",
                   dry_run: bool = False) -> ForeignImport:
    """Add the ``ideas`` not imported before to ``consultation``. The caller commits."""
    kept = [idea for idea in ideas if idea.text.strip() or idea.title.strip()]
    unique = list({idea.source_id: idea for idea in kept}.values())
    known = _known(session, consultation, [idea.source_id for idea in unique]
                   + sorted({idea.reply_to for idea in unique if idea.reply_to}))
    new = [idea for idea in unique if idea.source_id not in known]
    report = ForeignImport(added=len(new), found=len(unique) - len(new),
                           empty=len(ideas) - len(kept),
                           withdrawn=sum(idea.withdrawn for idea in new),
                           replies=sum(idea.reply_to is not None for idea in new))
    if dry_run or not new:
        return report
    question = consultation.questions[0] if consultation.questions else None
    now = utcnow()
    rows = [Submission(
        consultation=consultation, question=question, title=idea.title,
        text=idea.text.strip() or idea.title, channel=Channel.WEB,
        language=idea.language or detect_language(idea.text or idea.title, language),
        status=SubmissionStatus.PUBLISHED, source_id=idea.source_id,
        support_count=idea.supports, received_at=now, original_at=idea.written_at,
        withdrawn_at=now if idea.withdrawn else None) for idea in new]
    session.add_all(rows)
    session.flush()
    known.update({row.source_id: row.id for row in rows})
    events.record_many(session, actor, "submission.imported", [
        (row, {"source": platform, "source_id": idea.source_id}
         | ({"reply_to": known[idea.reply_to]} if idea.reply_to in known else {}))
        for row, idea in zip(rows, new, strict=True)])
    return report


def _known(session: Session, consultation: Consultation, source_ids: list[str]
           ) -> dict[str, int]:
    """Source id → idea id, for the ideas of ``consultation`` among ``source_ids`` and the
    ideas they reply to."""
    known: dict[str, int] = {}
    for start in range(0, len(source_ids), BATCH):
        known.update(session.execute(select(Submission.source_id, Submission.id).where(
            Submission.consultation_id == consultation.id,
            Submission.source_id.in_(source_ids[start:start + BATCH]))).all())
    return known
