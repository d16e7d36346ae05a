"""Curation of many ideas at once: the ideas a facilitator ticked on a theme's page are moved,
pinned, set aside or marked as copies of one idea, as one action (one event, listing them).

The ideas must still be where the page showed them: all of this consultation and, in the
current run, all in the theme the page was about. If any was moved since (by a re-run or by
another facilitator), nothing is done and the facilitator is told, so that no half of a
decision is applied to ideas it was not made for.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core.errors import Conflict, ConsultError
from consult.core.user import User
from consult.ideas.models import Submission
from consult.themes import curation
from consult.themes.models import CurationAction, CurationKind, ThemeMembership

MOST = 200  # ideas in one action: more than a page of a theme shows (50)


class BulkKind(StrEnum):
    MOVE = "move"
    PIN = "pin"
    SET_ASIDE = "set_aside"
    DUPLICATES = "duplicates"


MOVED = _l("Some of the ideas you ticked were moved to another theme or left the consultation "
           "since the page was loaded, so nothing was changed. Check the list and try again.")


def act_on_ideas(session: Session, actor: User, consultation: Consultation, run_id: int,
                 theme_id: int, submission_ids: list[int], kind: BulkKind,
                 target_id: int | None = None) -> CurationAction:
    """Apply `kind` to the ticked ideas of theme `theme_id`: `target_id` is the theme to move
    them to, or the original idea of which they are copies."""
    ids = list(dict.fromkeys(submission_ids))
    if not ids:
        raise ConsultError(_l("Tick at least one idea."))
    if len(ids) > MOST:
        raise ConsultError(_l("Tick at most %(most)s ideas at once.", most=MOST))
    if kind is BulkKind.DUPLICATES:
        if target_id is None:
            raise ConsultError(_l("Choose the original idea."))
        _check_in_theme(session, run_id, theme_id, [*ids, target_id], consultation)
        return curation.mark_duplicates(session, actor, consultation, run_id, target_id, ids)
    action = curation.Action(session, actor, consultation, run_id, _KINDS[kind])
    theme = action.theme(theme_id)
    _check_in_theme(session, run_id, theme.id, ids, consultation)
    if kind is BulkKind.MOVE:
        if target_id is None:
            raise ConsultError(_l("Choose a theme."))
        target = action.theme(target_id)
        if target.id == theme.id:
            raise ConsultError(_l("The ideas are already in that theme."))
        for idea_id in ids:
            action.place(idea_id, target)
        return action.done(theme, {"ideas": ids, "from": theme.id, "to": target.id})
    if kind is BulkKind.PIN:
        for idea_id in ids:
            action.place(idea_id, theme, pinned=True)
        return action.done(theme, {"ideas": ids, "theme": theme.id, "pinned": True})
    for idea_id in ids:
        action.keep_idea(idea_id).set_aside = True
        action.keep_member(idea_id).theme_id = None
    return action.done(theme, {"ideas": ids, "theme": theme.id, "set_aside": True})


_KINDS = {BulkKind.MOVE: CurationKind.MOVE, BulkKind.PIN: CurationKind.PIN,
          BulkKind.SET_ASIDE: CurationKind.SET_ASIDE}


def _check_in_theme(session: Session, run_id: int, theme_id: int, ids: list[int],
                    consultation: Consultation) -> None:
    """Every idea of `ids` is of `consultation` and, in run `run_id`, in theme `theme_id`."""
    found = set(session.scalars(
        select(ThemeMembership.submission_id)
        .join(Submission, Submission.id == ThemeMembership.submission_id)
        .where(ThemeMembership.run_id == run_id, ThemeMembership.theme_id == theme_id,
               ThemeMembership.submission_id.in_(ids),
               Submission.consultation_id == consultation.id)))
    if found != set(ids):
        raise Conflict(MOVED)
