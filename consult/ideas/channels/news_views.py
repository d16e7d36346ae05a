"""Which ideas an event is news for, and how to tell each one in a text message: read from
the answers and the plans, which come after ideas (the news job hands `news_of` to
`consult.ideas.channels.news.send_news`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consult.core.event import Event
from consult.ideas.channels.news import Tell
from consult.ideas.channels.status_views import answered, fitted
from consult.plans.models import Commitment
from consult.responses.answering import children_of
from consult.responses.answers import standing_for_ideas
from consult.responses.models import Response
from consult.responses.notices import ideas_feeding


def _answer_news(session: Session, recorded: Event) -> dict[int, Tell]:
    """The ideas a published answer stands for: its own idea, or those of its theme that have
    no answer of their own."""
    response = session.get(Response, recorded.object_id)
    if response is None:
        return {}
    rows = [response] if response.submission_id is not None else children_of(session, response)
    standing = standing_for_ideas(session, [row.submission_id for row in rows])
    return {row.submission_id: _telling_answer(row) for row in rows
            if standing.get(row.submission_id) is row}


def _telling_answer(answer: Response) -> Tell:
    return lambda code, language: answered("news_answered", code, answer, language)


def _telling_commitment(key: str, commitment: Commitment) -> Tell:
    return lambda code, language: fitted(key, language, "title", commitment.title, code=code)


def _commitment_news(session: Session, recorded: Event) -> dict[int, Tell]:
    commitment = session.get(Commitment, recorded.object_id)
    if commitment is None:
        return {}
    tell = _telling_commitment("news_commitment", commitment)
    return {idea.id: tell for idea in ideas_feeding(session, commitment)}


def _adoption_news(session: Session, recorded: Event) -> dict[int, Tell]:
    """The ideas behind the commitments of an adopted plan, each told of the first one it
    feeds."""
    news: dict[int, Tell] = {}
    for commitment_id in (recorded.payload or {}).get("commitments", []):
        commitment = session.get(Commitment, commitment_id) if isinstance(
            commitment_id, int) else None
        if commitment is None:
            continue
        tell = _telling_commitment("news_adopted", commitment)
        for idea in ideas_feeding(session, commitment):
            news.setdefault(idea.id, tell)
    return news


READERS = {"response.published": _answer_news, "commitment.published": _commitment_news,
           "plan.adopted": _adoption_news}


def news_of(session: Session, recorded: Event) -> dict[int, Tell]:
    """idea id -> how to tell it the news `recorded` brings; empty when it brings none."""
    reader = READERS.get(recorded.action)
    return reader(session, recorded) if reader is not None else {}
