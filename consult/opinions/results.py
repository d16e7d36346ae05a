"""What the pages show of the current opinion-group run: groups, common ground, divisions,
each theme's standing and each idea's breakdown by group. Counted by the database; only the
ideas shown are loaded."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload

from consult.consultations.models import Consultation
from consult.ideas.models import Submission, SubmissionStatus
from consult.opinions.models import (
    Classification,
    OpinionGroup,
    OpinionRun,
    OpinionStatement,
)
from consult.themes.models import RunStatus, Theme, ThemeMembership
from consult.themes.state import current_run as current_clustering_run

LISTED = 12  # statements per list on the opinions page


def current_run(session: Session, consultation_id: int) -> OpinionRun | None:
    return session.scalar(select(OpinionRun).where(
        OpinionRun.consultation_id == consultation_id, OpinionRun.current.is_(True),
        OpinionRun.status == RunStatus.SUCCEEDED))


@dataclass(frozen=True)
class Standing:
    """One idea across the groups of the current run."""

    run: OpinionRun
    statement: OpinionStatement

    @property
    def rows(self) -> list[tuple[OpinionGroup, list[int], float | None]]:
        """(group, [agree, disagree, pass], agree share) for each group."""
        shares = self.statement.group_shares()
        return [(group, self.statement.by_group[group.position], shares[group.position])
                for group in self.run.groups if group.position < len(shares)]


def standing_of(session: Session, submission: Submission) -> Standing | None:
    run = current_run(session, submission.consultation_id)
    if run is None:
        return None
    statement = session.scalar(select(OpinionStatement).where(
        OpinionStatement.run_id == run.id, OpinionStatement.submission_id == submission.id))
    return Standing(run, statement) if statement is not None else None


@dataclass
class ThemeStanding:
    theme: Theme
    voted: int  # ideas of the theme with enough votes to be judged
    common_ground: int
    divisive: int


@dataclass
class Opinions:
    run: OpinionRun
    common_ground: list[OpinionStatement]
    divisive: list[OpinionStatement]
    counts: dict[Classification, int]
    representative: dict[int, list[tuple[dict, Submission]]]  # group position → statements
    themes: list[ThemeStanding]


def opinions(session: Session, consultation: Consultation) -> Opinions | None:
    run = current_run(session, consultation.id)
    if run is None:
        return None
    common = _statements(session, run, Classification.COMMON_GROUND,
                         OpinionStatement.consensus.desc())
    divisive = _statements(session, run, Classification.DIVISIVE,
                           OpinionStatement.spread.desc())
    counts = dict(session.execute(
        select(OpinionStatement.classification, func.count(OpinionStatement.id))
        .where(OpinionStatement.run_id == run.id).group_by(OpinionStatement.classification)
    ).all())
    return Opinions(run, common, divisive, counts, _representative(session, run),
                    theme_standings(session, consultation, run))


def common_ground(session: Session, consultation: Consultation,
                  limit: int = LISTED) -> tuple[OpinionRun, list[OpinionStatement]] | None:
    """The current run and its common ground, the strongest consensus first; None without."""
    run = current_run(session, consultation.id)
    if run is None:
        return None
    found = _statements(session, run, Classification.COMMON_GROUND,
                        OpinionStatement.consensus.desc(), limit)
    return (run, found) if found else None


def _statements(session: Session, run: OpinionRun, kind: Classification, order,
                limit: int = LISTED, *where) -> list[OpinionStatement]:
    return list(session.scalars(
        select(OpinionStatement).join(Submission)
        .where(OpinionStatement.run_id == run.id, OpinionStatement.classification == kind,
               Submission.status == SubmissionStatus.PUBLISHED, *where)
        .options(joinedload(OpinionStatement.submission))
        .order_by(order, OpinionStatement.submission_id).limit(limit)))


def _representative(session: Session, run: OpinionRun) -> dict[int, list[tuple[dict, Submission]]]:
    wanted = {item["submission_id"] for group in run.groups for item in group.representative}
    shown = {idea.id: idea for idea in session.scalars(select(Submission).where(
        Submission.id.in_(wanted), Submission.status == SubmissionStatus.PUBLISHED))}
    return {group.position: [(item, shown[item["submission_id"]])
                             for item in group.representative if item["submission_id"] in shown]
            for group in run.groups}


def theme_standings(session: Session, consultation: Consultation,
                    run: OpinionRun) -> list[ThemeStanding]:
    """Which themes hold common ground and which divide: per theme of the current clustering,
    how many of its ideas are each."""
    clustering = current_clustering_run(session, consultation.id)
    if clustering is None:
        return []
    judged = ~OpinionStatement.classification.in_([Classification.TOO_FEW_VOTES])

    def counted(kind: Classification):
        return func.sum(case((OpinionStatement.classification == kind, 1), else_=0))

    rows = session.execute(
        select(Theme, func.sum(case((judged, 1), else_=0)),
               counted(Classification.COMMON_GROUND), counted(Classification.DIVISIVE))
        .join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
        .join(OpinionStatement, OpinionStatement.submission_id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == clustering.id, OpinionStatement.run_id == run.id)
        .group_by(Theme.id).order_by(Theme.id))
    standings = [ThemeStanding(theme, int(voted or 0), int(common or 0), int(divisive or 0))
                 for theme, voted, common, divisive in rows]
    return sorted(standings, key=lambda row: (-row.common_ground, -row.divisive, row.theme.id))


@dataclass
class ThemeOpinions:
    run: OpinionRun
    common_ground: list[OpinionStatement]
    divisive: list[OpinionStatement]


def theme_opinions(session: Session, theme: Theme, limit: int = 5) -> ThemeOpinions | None:
    """The theme's ideas that are common ground and those that divide, in the current runs."""
    run = current_run(session, theme.consultation_id)
    clustering = current_clustering_run(session, theme.consultation_id)
    if run is None or clustering is None or not run.groups:
        return None
    in_theme = select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == clustering.id, ThemeMembership.theme_id == theme.id)

    def listed(kind: Classification, order) -> list[OpinionStatement]:
        return _statements(session, run, kind, order, limit,
                           OpinionStatement.submission_id.in_(in_theme))

    found = ThemeOpinions(run, listed(Classification.COMMON_GROUND,
                                      OpinionStatement.consensus.desc()),
                          listed(Classification.DIVISIVE, OpinionStatement.spread.desc()))
    return found if found.common_ground or found.divisive else None


def no_groups_message(run: OpinionRun) -> str | None:
    """Why `run` found no groups, in the reader's language."""
    threshold = run.parameters.get("threshold", run.min_votes)
    reaching = run.parameters.get("reaching", 0)
    return {
        None: None,
        "no_ideas": _("There are no ideas to vote on yet."),
        "nobody": ngettext("Nobody has voted on at least %(num)s idea yet.",
                           "Nobody has voted on at least %(num)s ideas yet.", threshold),
        "too_few": ngettext("Only %(num)s person has voted on enough ideas: too few to form "
                            "groups.", "Only %(num)s people have voted on enough ideas: too "
                            "few to form groups.", reaching),
        "alike": _("Everyone who voted enough voted alike: there is one opinion group."),
    }.get(run.no_groups_reason, run.no_groups_reason)

