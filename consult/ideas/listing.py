"""Finding ideas: full-text search, filters, sort and pages."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, bindparam, func, literal_column, or_, select
from sqlalchemy.orm import Session

from consult.consultations import services as consultations
from consult.consultations.models import Consultation
from consult.ideas.models import Submission, SubmissionStatus

SORTS = ("newest", "supported")

# The consultation page's one statement: the consultation, its questions and how many of its
# ideas are published. Built once; not correlated, so SQLite counts once, not once per question.
_PUBLISHED = select(func.count(Submission.id)).where(
    Submission.consultation_id == bindparam("consultation_id"),
    Submission.status == SubmissionStatus.PUBLISHED,
)
_WITH_PUBLISHED = consultations.BY_ID.add_columns(_PUBLISHED.scalar_subquery())
PER_PAGE = 20
SEARCH_WORDS = 10  # words of a search that count; the rest are ignored
SEARCH_LENGTH = 200  # characters of a search that are read


@dataclass
class ListingQuery:
    q: str = ""
    question_id: int | None = None
    area: str | None = None
    language: str | None = None
    sort: str = "newest"
    page: int = 1


@dataclass
class Page:
    """One page of a list (ideas, events, answers…)."""

    items: list
    total: int
    page: int
    per_page: int = PER_PAGE
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.per_page))


def searched(idea=Submission):
    """The document PostgreSQL searches, written with literals (not bound parameters) so that
    it is the very expression of the index `ix_submission_search` (migration 0014); `idea` is
    Submission or an alias of it."""
    return func.to_tsvector(
        literal_column("'simple'"),
        idea.title.op("||")(literal_column("' '")).op("||")(idea.text))


def search(statement: Select, dialect: str, q: str, idea=Submission) -> Select:
    """`statement` kept to the ideas matching every word of `q` (`idea`: Submission or an
    alias): PostgreSQL's full-text search, SQLite's LIKE on the title and the text."""
    words = q.split()[:SEARCH_WORDS]
    if not words:
        return statement
    if dialect == "postgresql":
        return statement.where(searched(idea).op("@@")(func.plainto_tsquery("simple", q)))
    return statement.where(
        and_(*(or_(idea.text.icontains(w, autoescape=True),
                   idea.title.icontains(w, autoescape=True)) for w in words))
    )


def list_submissions(session: Session, consultation: Consultation, query: ListingQuery) -> Page:
    """The published ideas of `consultation` that match `query`, one page of them."""
    statement = select(Submission).where(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.PUBLISHED,
    )
    if query.question_id:
        statement = statement.where(Submission.question_id == query.question_id)
    if query.area:
        statement = statement.where(Submission.area == query.area)
    if query.language:
        statement = statement.where(Submission.language == query.language)
    statement = search(statement, session.get_bind().dialect.name, query.q)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    order = (
        (Submission.support_count.desc(), Submission.id.desc())
        if query.sort == "supported"
        # Ideas typed in later from paper or a workshop take the date they were given,
        # the one their card shows.
        else (Submission.received_at.desc(), Submission.id.desc())
    )
    page = max(1, query.page)
    items = session.scalars(
        statement.order_by(*order).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return Page(items=list(items), total=total, page=page)


def languages_used(session: Session, consultation: Consultation) -> list[str]:
    return list(session.scalars(
        select(Submission.language).where(
            Submission.consultation_id == consultation.id,
            Submission.status == SubmissionStatus.PUBLISHED,
        ).distinct().order_by(Submission.language)
    ))


def public_consultation_with_count(session: Session,
                                   consultation_id: int) -> tuple[Consultation, int]:
    """A consultation the public may see, with its questions and its published ideas' count,
    in one query."""
    row = session.execute(_WITH_PUBLISHED, {"consultation_id": consultation_id}).unique().first()
    consultation, count = row if row else (None, 0)
    return consultations.public_only(consultation), count or 0
