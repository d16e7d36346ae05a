"""You said, we did: what became of a consultation's ideas, counted from the published answers;
and the answers owed past their deadline, per office.

Counts and lists come from one classification of the ideas by the database
(`classification.classified`), so a page can link each number to exactly the ideas behind it
(`ideas_behind` filters the same rows the report counts), whatever the number of ideas.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from consult.consultations.models import Consultation
from consult.consultations.services import PUBLIC_PHASES
from consult.core.base import utcnow
from consult.core.errors import ConsultError, NotFound
from consult.ideas.listing import Page
from consult.ideas.models import Channel, Submission, SubmissionStatus
from consult.responses import report_cache
from consult.responses.answers import deadline
from consult.responses.classification import classified, counted
from consult.responses.models import Response, ResponseState, ResponseStatus
from consult.themes.models import Theme
from consult.themes.state import live_themes
from consult.themes.views import themes_are_public

PER_PAGE = 50
NO_THEME = "none"


@dataclass
class StatusCount:
    status: ResponseStatus
    count: int


@dataclass
class ChannelCount:
    """The published ideas that came by one channel (web, paper, text message…), and how
    many of them are answered."""

    channel: Channel
    ideas: int
    answered: int


def answering_office(answer: Response, consultation: Consultation) -> str:
    """Who gave an answer: its own office, the theme answer's it came with, the consultation's."""
    theme_answer = answer.from_theme
    return (answer.office or (theme_answer.office if theme_answer else "")
            or consultation.office)


def answer_text(answer: Response) -> str:
    """An idea answered with its theme reads the theme's answer."""
    return answer.text or (answer.from_theme.text if answer.from_theme else "")


@dataclass
class ThemeReport:
    """One theme's ideas and their answers; `theme` None gathers the ideas of no theme."""

    theme: Theme | None
    ideas: int
    answered: int
    by_status: list[StatusCount]
    answer: Response | None  # the theme's own standing answer

    @property
    def key(self) -> str:
        return str(self.theme.id) if self.theme else NO_THEME

    @property
    def office(self) -> str:
        return answering_office(self.answer, self.theme.consultation) if self.answer else ""


@dataclass
class Report:
    consultation: Consultation
    total: int
    answered: int
    by_status: list[StatusCount]
    themes: list[ThemeReport]
    median_days: float | None  # from receiving an idea to its first published answer
    deadline: datetime | None
    overdue: int  # unanswered once the deadline passed; 0 before it
    by_channel: list[ChannelCount] = field(default_factory=list)

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def share(self) -> float | None:
        return self.answered / self.total if self.total else None

    @property
    def office(self) -> str:
        """Who owes the answers ("" when nobody is named)."""
        return _office(self.consultation)


Counts = dict[ResponseStatus | None, int]  # standing answer's status (None: none) -> ideas


def _by_status(counts: Counts) -> list[StatusCount]:
    return [StatusCount(status, counts.get(status, 0)) for status in ResponseStatus]


def _answered(counts: Counts) -> int:
    return sum(count for status, count in counts.items() if status is not None)


def _theme_answers(session: Session, theme_ids: list[int]) -> dict[int, Response]:
    answers: dict[int, Response] = {}
    for response in session.scalars(select(Response).where(
            Response.theme_id.in_(theme_ids), Response.submission_id.is_(None),
            Response.state == ResponseState.PUBLISHED)
            .order_by(Response.published_at, Response.id)):
        answers[response.theme_id] = response  # the latest published stands
    return answers


def _themes(session: Session, consultation: Consultation,
            per_theme: dict[int | None, Counts]) -> list[ThemeReport]:
    themes = live_themes(session, consultation.id)
    answers = _theme_answers(session, [t.id for t in themes])
    rows = [_theme_report(theme, per_theme.get(theme.id, {}), answers.get(theme.id))
            for theme in themes]
    rows.sort(key=lambda row: (-row.ideas, row.theme.id))
    if per_theme.get(None):
        rows.append(_theme_report(None, per_theme[None], None))
    return rows


def _theme_report(theme: Theme | None, counts: Counts, answer: Response | None) -> ThemeReport:
    return ThemeReport(theme, sum(counts.values()), _answered(counts), _by_status(counts),
                       answer)


def _by_channel(session: Session, consultation: Consultation) -> list[ChannelCount]:
    """The published ideas per channel, most first: one statement over the classification."""
    rows = classified(session, consultation, themed=False).subquery("classified")
    counts = session.execute(
        select(Submission.channel, func.count(rows.c.id), func.count(rows.c.answer_id))
        .join(rows, rows.c.id == Submission.id).group_by(Submission.channel))
    return sorted((ChannelCount(channel, ideas, answered) for channel, ideas, answered in counts),
                  key=lambda row: (-row.ideas, row.channel.value))


def you_said_we_did(session: Session, consultation: Consultation,
                    now: datetime | None = None) -> Report:
    """The consultation's ideas and their published answers: counts by status and per theme
    (themes only once they are public), the median time to an answer and what is overdue.
    Counted by the database in one statement, whatever the number of ideas, and kept by the
    process until something counted changes (`report_cache`)."""
    themed = themes_are_public(consultation)
    (groups, median), channels = report_cache.kept(
        session, consultation, themed,
        lambda: (counted(session, consultation, themed), _by_channel(session, consultation)))
    per_theme: dict[int | None, Counts] = defaultdict(dict)
    totals: Counts = defaultdict(int)
    for theme_id, status, count in groups:
        per_theme[theme_id][status] = count
        totals[status] += count
    total, answered = sum(totals.values()), _answered(totals)
    due = deadline(consultation)
    late = due is not None and due < (now or utcnow())
    return Report(
        consultation=consultation, total=total, answered=answered,
        by_status=_by_status(totals),
        themes=_themes(session, consultation, per_theme) if themed else [],
        median_days=median,
        deadline=due,
        overdue=total - answered if late else 0,
        by_channel=channels,
    )


@dataclass
class IdeaFilter:
    """Which of the report's ideas to list; None means any."""

    status: ResponseStatus | None = None
    theme: str | None = None  # a theme id, or NO_THEME
    answered: bool | None = None
    theme_row: Theme | None = None

    def narrow(self, rows):
        """The conditions on the `classified` subquery `rows` that select these ideas."""
        conditions = []
        if self.answered is not None:
            conditions.append(rows.c.answer_id.is_not(None) if self.answered
                              else rows.c.answer_id.is_(None))
        if self.status is not None:
            conditions.append(rows.c.status == self.status)
        if self.theme == NO_THEME:
            conditions.append(rows.c.theme_id.is_(None))
        elif self.theme is not None:
            conditions.append(rows.c.theme_id == int(self.theme))
        return conditions


def parse_filter(session: Session, consultation: Consultation, *, status: str | None = None,
                 theme: str | None = None, answered: str | None = None) -> IdeaFilter:
    """The filter named by a link of the report; a value no link makes is refused."""
    idea_filter = IdeaFilter()
    if status:
        try:
            idea_filter.status = ResponseStatus(status)
        except ValueError:
            raise ConsultError(_l("There is no answer status named “%(status)s”.",
                                  status=status[:40])) from None
    if answered:
        if answered not in ("yes", "no"):
            raise ConsultError(_l("Choose answered ideas (yes) or unanswered ideas (no)."))
        idea_filter.answered = answered == "yes"
    if theme:
        idea_filter.theme = theme
        if theme != NO_THEME:
            idea_filter.theme_row = _public_theme(session, consultation, theme)
            idea_filter.theme = str(idea_filter.theme_row.id)
        elif not themes_are_public(consultation):
            raise NotFound(_l("The themes of this consultation are not public yet."))
    return idea_filter


def _public_theme(session: Session, consultation: Consultation, theme: str) -> Theme:
    row = session.get(Theme, int(theme)) if theme.isdigit() and len(theme) < 10 else None
    if (row is None or row.consultation_id != consultation.id or not row.is_live
            or not themes_are_public(consultation)):
        raise NotFound(_l("This theme does not exist or is not public yet."))
    return row


@dataclass
class AnsweredIdea:
    idea: Submission
    answer: Response | None

    @property
    def office(self) -> str:
        return answering_office(self.answer, self.idea.consultation) if self.answer else ""

    @property
    def text(self) -> str:
        return answer_text(self.answer) if self.answer else ""


def ideas_behind(session: Session, consultation: Consultation, idea_filter: IdeaFilter,
                 page: int = 1) -> Page:
    """One page of the ideas a number of the report counts, oldest first, with their answers:
    filtered, counted and paged by the database."""
    rows = classified(session, consultation, themes_are_public(consultation)).subquery()
    matching = select(rows.c.id, rows.c.answer_id, func.count().over().label("total")).where(
        *idea_filter.narrow(rows)).order_by(rows.c.id)

    def read(number: int) -> list:  # one pass: the page and, on each row, how many match
        return session.execute(matching.offset((number - 1) * PER_PAGE).limit(PER_PAGE)).all()

    page = max(1, page)
    shown = read(page)
    if not shown and page > 1:  # past the end: the last page, counted once
        total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
        page = max(1, -(-total // PER_PAGE))
        shown = read(page)
    total = shown[0].total if shown else 0
    ideas = {s.id: s for s in session.scalars(select(Submission).where(
        Submission.id.in_([row.id for row in shown]))
        .options(selectinload(Submission.question)))}
    answers = {r.id: r for r in session.scalars(select(Response).where(
        Response.id.in_([row.answer_id for row in shown if row.answer_id]))
        .options(selectinload(Response.from_theme)))}
    items = [AnsweredIdea(ideas[row.id], answers.get(row.answer_id)) for row in shown]
    return Page(items=items, total=total, page=page, per_page=PER_PAGE)


@dataclass
class OverdueConsultation:
    consultation: Consultation
    deadline: datetime
    count: int


@dataclass
class OfficeOverdue:
    """What one office owes; `office` is "" when neither the consultation nor the organisation
    names one."""

    office: str
    consultations: list[OverdueConsultation] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.consultations)


def _office(consultation: Consultation) -> str:
    name = consultation.office.strip()
    if not name and consultation.organisation is not None:
        name = consultation.organisation.name.strip()
    return name


def overdue(session: Session, now: datetime | None = None) -> list[OfficeOverdue]:
    """Published ideas still unanswered after their consultation's deadline, per office (the
    consultation's, else the organisation's), the office owing most first."""
    now = now or utcnow()
    late = {c.id: c for c in session.scalars(select(Consultation).where(
        Consultation.phase.in_(PUBLIC_PHASES), Consultation.closes_at.is_not(None))
        .options(selectinload(Consultation.organisation)))
        if deadline(c) < now}
    if not late:
        return []
    answered = select(Response.id).where(Response.submission_id == Submission.id,
                                         Response.state == ResponseState.PUBLISHED).exists()
    counts = session.execute(select(Submission.consultation_id, func.count(Submission.id)).where(
        Submission.consultation_id.in_(list(late)),
        Submission.status == SubmissionStatus.PUBLISHED, ~answered)
        .group_by(Submission.consultation_id))
    offices: dict[str, OfficeOverdue] = {}
    for consultation_id, count in counts:
        consultation = late[consultation_id]
        office = offices.setdefault(_office(consultation), OfficeOverdue(_office(consultation)))
        office.consultations.append(OverdueConsultation(consultation, deadline(consultation),
                                                        count))
    for office in offices.values():
        office.consultations.sort(key=lambda row: (row.deadline, row.consultation.id))
    return sorted(offices.values(), key=lambda o: (-o.total, o.office == "", o.office))
