"""You said, we did: what became of a consultation's ideas, counted from the published answers;
and the answers owed past their deadline, per office.

Every count is a list of idea ids, so a page can link each number to exactly the ideas behind
it (`ideas_behind` filters with the same classification the report counts with).
"""

from __future__ import annotations

import statistics
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
from consult.ideas.models import Submission, SubmissionStatus
from consult.responses.answers import deadline, standing_for_consultation
from consult.responses.models import Response, ResponseState, ResponseStatus
from consult.themes.models import Theme
from consult.themes.state import current_memberships, live_themes
from consult.themes.views import themes_are_public

PER_PAGE = 50
NO_THEME = "none"
_SECONDS_PER_DAY = 86400


@dataclass
class _Idea:
    id: int
    received_at: datetime
    theme_id: int | None
    answer: Response | None


@dataclass
class StatusCount:
    status: ResponseStatus
    idea_ids: list[int]

    @property
    def count(self) -> int:
        return len(self.idea_ids)


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
    idea_ids: list[int]
    answered_ids: list[int]
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
    idea_ids: list[int]
    answered_ids: list[int]
    by_status: list[StatusCount]
    themes: list[ThemeReport]
    median_days: float | None  # from receiving an idea to its first published answer
    deadline: datetime | None
    overdue_ids: list[int]  # unanswered once the deadline passed; empty before it

    @property
    def total(self) -> int:
        return len(self.idea_ids)

    @property
    def answered(self) -> int:
        return len(self.answered_ids)

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def share(self) -> float | None:
        return self.answered / self.total if self.total else None

    @property
    def overdue(self) -> int:
        return len(self.overdue_ids)

    @property
    def office(self) -> str:
        """Who owes the answers ("" when nobody is named)."""
        return _office(self.consultation)


def _by_status(ideas: list[_Idea]) -> list[StatusCount]:
    return [StatusCount(status, [i.id for i in ideas if i.answer and i.answer.status is status])
            for status in ResponseStatus]


def _ideas(session: Session, consultation: Consultation, themed: bool) -> list[_Idea]:
    """Every published idea of the consultation with its theme and its standing answer."""
    standing = standing_for_consultation(session, consultation.id)
    live = {t.id for t in live_themes(session, consultation.id)} if themed else set()
    memberships = current_memberships(session, consultation.id) if themed else {}
    rows = session.execute(select(Submission.id, Submission.received_at).where(
        Submission.consultation_id == consultation.id,
        Submission.status == SubmissionStatus.PUBLISHED).order_by(Submission.id))
    return [_Idea(id_, received, memberships.get(id_) if memberships.get(id_) in live else None,
                  standing.get(id_)) for id_, received in rows]


def _first_answered(session: Session, idea_ids: list[int]) -> dict[int, datetime]:
    """When each idea first had a published answer: a later correction does not reset it."""
    if not idea_ids:
        return {}
    rows = session.execute(select(Response.submission_id, func.min(Response.published_at)).where(
        Response.submission_id.in_(idea_ids), Response.published_at.is_not(None),
        Response.state.in_([ResponseState.PUBLISHED, ResponseState.SUPERSEDED]))
        .group_by(Response.submission_id))
    return dict(rows.all())


def _median_days(session: Session, answered: list[_Idea]) -> float | None:
    first = _first_answered(session, [i.id for i in answered])
    delays = [(first[i.id] - i.received_at).total_seconds() / _SECONDS_PER_DAY
              for i in answered if i.id in first]
    return statistics.median(delays) if delays else None


def _theme_answers(session: Session, theme_ids: list[int]) -> dict[int, Response]:
    answers: dict[int, Response] = {}
    for response in session.scalars(select(Response).where(
            Response.theme_id.in_(theme_ids), Response.submission_id.is_(None),
            Response.state == ResponseState.PUBLISHED)
            .order_by(Response.published_at, Response.id)):
        answers[response.theme_id] = response  # the latest published stands
    return answers


def _themes(session: Session, consultation: Consultation, ideas: list[_Idea]
            ) -> list[ThemeReport]:
    grouped: dict[int | None, list[_Idea]] = defaultdict(list)
    for idea in ideas:
        grouped[idea.theme_id].append(idea)
    themes = live_themes(session, consultation.id)
    answers = _theme_answers(session, [t.id for t in themes])
    rows = [_theme_report(theme, grouped.get(theme.id, []), answers.get(theme.id))
            for theme in themes]
    rows.sort(key=lambda row: (-len(row.idea_ids), row.theme.id))
    if grouped.get(None):
        rows.append(_theme_report(None, grouped[None], None))
    return rows


def _theme_report(theme: Theme | None, ideas: list[_Idea], answer: Response | None
                  ) -> ThemeReport:
    return ThemeReport(theme, [i.id for i in ideas], [i.id for i in ideas if i.answer],
                       _by_status(ideas), answer)


def you_said_we_did(session: Session, consultation: Consultation,
                    now: datetime | None = None) -> Report:
    """The consultation's ideas and their published answers: counts by status and per theme
    (themes only once they are public), the median time to an answer and what is overdue."""
    themed = themes_are_public(consultation)
    ideas = _ideas(session, consultation, themed)
    answered = [i for i in ideas if i.answer]
    due = deadline(consultation)
    late = due is not None and due < (now or utcnow())
    return Report(
        consultation=consultation,
        idea_ids=[i.id for i in ideas],
        answered_ids=[i.id for i in answered],
        by_status=_by_status(ideas),
        themes=_themes(session, consultation, ideas) if themed else [],
        median_days=_median_days(session, answered),
        deadline=due,
        overdue_ids=[i.id for i in ideas if not i.answer] if late else [],
    )


@dataclass
class IdeaFilter:
    """Which of the report's ideas to list; None means any."""

    status: ResponseStatus | None = None
    theme: str | None = None  # a theme id, or NO_THEME
    answered: bool | None = None
    theme_row: Theme | None = None

    def matches(self, idea: _Idea) -> bool:
        if self.answered is not None and (idea.answer is not None) != self.answered:
            return False
        if self.status is not None and (idea.answer is None or idea.answer.status
                                        is not self.status):
            return False
        if self.theme is None:
            return True
        return (str(idea.theme_id) if idea.theme_id is not None else NO_THEME) == self.theme


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
    """One page of the ideas a number of the report counts, oldest first, with their answers."""
    themed = themes_are_public(consultation)
    matching = [i for i in _ideas(session, consultation, themed) if idea_filter.matches(i)]
    page = max(1, page)
    shown = matching[(page - 1) * PER_PAGE:page * PER_PAGE]
    loaded = {s.id: s for s in session.scalars(select(Submission).where(
        Submission.id.in_([i.id for i in shown])).options(selectinload(Submission.question)))}
    items = [AnsweredIdea(loaded[i.id], i.answer) for i in shown]
    return Page(items=items, total=len(matching), page=page, per_page=PER_PAGE)


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
