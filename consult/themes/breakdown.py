"""How a theme's ideas answer each question of the consultation (one count per question)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Question
from consult.ideas.models import Submission, SubmissionStatus
from consult.themes.models import Theme, ThemeMembership
from consult.themes.state import current_run


@dataclass(frozen=True)
class QuestionShare:
    question: Question | None  # None: ideas entered without a question
    ideas: int


def by_question(session: Session, theme: Theme) -> list[QuestionShare]:
    """The theme's published ideas in the current run, counted per question, in the
    consultation's order of questions (those with no idea of the theme left out)."""
    run = current_run(session, theme.consultation_id)
    if run is None:
        return []
    counts = dict(session.execute(
        select(Submission.question_id, func.count())
        .join(ThemeMembership, ThemeMembership.submission_id == Submission.id)
        .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id,
               Submission.status == SubmissionStatus.PUBLISHED)
        .group_by(Submission.question_id)).all())
    shares = [QuestionShare(question, counts[question.id])
              for question in theme.consultation.questions if counts.get(question.id)]
    if counts.get(None):
        shares.append(QuestionShare(None, counts[None]))
    return shares
