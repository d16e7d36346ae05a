"""Facilitators curate the themes of the current run: every action is a fact a re-run keeps.

Each action checks that the form was made for the current run (a re-run may have
replaced the themes since), records the rows it changes as they were (so the last
action can be undone), applies itself and goes to the event log with its actor.
Nothing a resident wrote is changed: curation moves ideas between themes, never edits them.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import utcnow
from consult.core.errors import Conflict, ConsultError, NotFound
from consult.core.user import User
from consult.ideas.models import Submission
from consult.nlp.cache import embed_with_cache
from consult.nlp.embed import choose_embedder
from consult.themes.clustering import published_ideas
from consult.themes.embeddings import DatabaseEmbeddingCache
from consult.themes.models import (
    ClusteringRun,
    CurationAction,
    CurationKind,
    IdeaCuration,
    MembershipSource,
    Theme,
    ThemeMembership,
)
from consult.themes.state import current_run

STALE = _l("The themes were remade by a newer clustering run after this page was loaded, so "
           "nothing was changed. Your earlier decisions are kept; check the themes and try again.")
THEME_FIELDS = ("label", "description", "named_by_facilitator", "locked", "merged_into_id",
                "retired_at")
IDEA_FIELDS = ("placed_in_id", "pinned", "duplicate_of_id", "set_aside")
MAX_SPLIT = 10


class Action:
    """One curation action in the making: checks, snapshots of what it changes, the record."""

    def __init__(self, session: Session, actor: User, consultation: Consultation, run_id: int,
                 kind: CurationKind) -> None:
        run = current_run(session, consultation.id)
        if run is None or run.id != run_id:
            raise Conflict(STALE)
        self.session, self.actor, self.consultation, self.run = session, actor, consultation, run
        self.record = CurationAction(consultation_id=consultation.id, run_id=run.id,
                                     actor=actor, kind=kind,
                                     before={"themes": {}, "members": {}, "ideas": {},
                                             "created": []})

    # checks
    def theme(self, theme_id: int) -> Theme:
        theme = self.session.get(Theme, theme_id)
        if theme is None or theme.consultation_id != self.consultation.id:
            raise ConsultError(_l("That theme is not part of this consultation."))
        if not theme.is_live:
            raise Conflict(STALE)
        return theme

    def idea(self, submission_id: int) -> Submission:
        idea = self.session.get(Submission, submission_id)
        if idea is None or idea.consultation_id != self.consultation.id:
            raise ConsultError(_l("That idea is not part of this consultation."))
        return idea

    # snapshots, taken before the first change to each row
    def keep_theme(self, theme: Theme) -> Theme:
        self.record.before["themes"].setdefault(str(theme.id), _fields(theme, THEME_FIELDS))
        return theme

    def keep_member(self, submission_id: int) -> ThemeMembership | None:
        member = self.membership(submission_id)
        self.record.before["members"].setdefault(
            str(submission_id),
            None if member is None else {"theme_id": member.theme_id, "source": member.source},
        )
        return member

    def keep_idea(self, submission_id: int) -> IdeaCuration:
        curation = self.session.get(IdeaCuration, submission_id)
        self.record.before["ideas"].setdefault(
            str(submission_id), None if curation is None else _fields(curation, IDEA_FIELDS))
        if curation is None:
            curation = IdeaCuration(submission_id=submission_id)
            self.session.add(curation)
        return curation

    # changes
    def membership(self, submission_id: int) -> ThemeMembership | None:
        return self.session.scalar(select(ThemeMembership).where(
            ThemeMembership.run_id == self.run.id, ThemeMembership.submission_id == submission_id))

    def place(self, submission_id: int, theme: Theme | None, pinned: bool = False) -> None:
        """Put an idea in ``theme`` now and on every later run."""
        member = self.keep_member(submission_id)
        if member is None:
            member = ThemeMembership(run_id=self.run.id, submission_id=submission_id)
            self.session.add(member)
        member.theme_id = theme.id if theme else None
        member.source = MembershipSource.FACILITATOR
        curation = self.keep_idea(submission_id)
        curation.placed_in_id = theme.id if theme else None
        curation.pinned = pinned

    def members_of(self, theme: Theme) -> list[int]:
        return list(self.session.scalars(select(ThemeMembership.submission_id).where(
            ThemeMembership.run_id == self.run.id, ThemeMembership.theme_id == theme.id)
            .order_by(ThemeMembership.submission_id)))

    def done(self, subject: object, summary: dict) -> CurationAction:
        self.record.summary = summary
        self.session.add(self.record)
        self.session.flush()
        events.record(self.session, self.actor, f"theme.{self.record.kind.value}", subject,
                      {"consultation": self.consultation.id, "action": self.record.id, **summary})
        return self.record


def _fields(row: object, names: tuple[str, ...]) -> dict:
    values = {name: getattr(row, name) for name in names}
    return {name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in values.items()}


# --- the actions ------------------------------------------------------------------------------

def rename(session: Session, actor: User, consultation: Consultation, run_id: int, theme_id: int,
           label: str, description: str = "") -> CurationAction:
    action = Action(session, actor, consultation, run_id, CurationKind.RENAME)
    label = " ".join(label.split())
    if not label:
        raise ConsultError(_l("Give the theme a name."))
    if len(label) > 200:
        raise ConsultError(_l("A theme's name must have at most 200 characters."))
    theme = action.keep_theme(action.theme(theme_id))
    old = theme.label
    theme.label, theme.description = label, description.strip()
    theme.named_by_facilitator = True
    return action.done(theme, {"theme": theme.id, "from": old, "to": label})


def merge(session: Session, actor: User, consultation: Consultation, run_id: int, target_id: int,
          source_ids: list[int]) -> CurationAction:
    action = Action(session, actor, consultation, run_id, CurationKind.MERGE)
    if not source_ids:
        raise ConsultError(_l("Choose at least one other theme to merge."))
    if target_id in source_ids:
        raise ConsultError(_l("A theme cannot be merged with itself."))
    target = action.theme(target_id)
    sources = [action.keep_theme(action.theme(theme_id)) for theme_id in dict.fromkeys(source_ids)]
    moved = 0
    for source in sources:
        for submission_id in action.members_of(source):
            action.place(submission_id, target)
            moved += 1
        source.merged_into_id, source.retired_at = target.id, utcnow()
    return action.done(target, {"theme": target.id, "merged": [s.id for s in sources],
                                "ideas": moved})


def split(session: Session, actor: User, consultation: Consultation, run_id: int, theme_id: int,
          parts: int = 2) -> CurationAction:
    from consult.nlp.cluster import cluster_embeddings  # scikit-learn: loaded when used
    from consult.nlp.labels import label_themes

    action = Action(session, actor, consultation, run_id, CurationKind.SPLIT)
    theme = action.keep_theme(action.theme(theme_id))
    members = action.members_of(theme)
    if len(members) < 2:
        raise ConsultError(_l("A theme needs at least two ideas to be split."))
    if not 2 <= parts <= min(MAX_SPLIT, len(members)):
        raise ConsultError(_l("Split into between 2 and %(n)s themes.",
                              n=min(MAX_SPLIT, len(members))))
    text_of = dict(session.execute(select(Submission.id, Submission.text)
                                   .where(Submission.id.in_(members))).all())
    texts = [text_of[submission_id] for submission_id in members]
    vectors = idea_vectors(session, consultation, texts)
    result = cluster_embeddings(vectors, k=parts, seed=action.run.seed)
    if len(result.keys) < 2:
        raise ConsultError(_l("These ideas are too alike to be split automatically; "
                              "move some of them by hand."))
    names = label_themes(texts, vectors, result.labels, result.centroids)
    sizes = [len(result.members(key)) for key in result.keys]
    largest = max(range(len(sizes)), key=sizes.__getitem__)
    new_themes = []
    for index, name in enumerate(names):
        if index == largest:
            continue  # the largest part keeps the theme, its name and its links
        part = Theme(consultation_id=consultation.id, created_by_run_id=action.run.id,
                     label=name.label[:200], keywords=name.keywords,
                     representative_id=members[name.representative],
                     examples=[members[row] for row in name.examples])
        session.add(part)
        session.flush()
        action.record.before["created"].append(part.id)
        new_themes.append((index, part))
    for index, part in new_themes:
        for row in result.members(result.keys[index]):
            action.place(members[row], part)
    for row in result.members(result.keys[largest]):
        action.place(members[row], theme)
    into = [theme.id] + [part.id for _, part in new_themes]
    return action.done(theme, {"theme": theme.id, "into": into})


def idea_vectors(session: Session, consultation: Consultation, texts: list[str]):
    """Vectors of ``texts`` with the embedder the consultation's runs use (cached)."""
    corpus = [idea.text for idea in published_ideas(session, consultation.id)] or texts
    embedder = choose_embedder(corpus, current_app.config.get("CONSULT_EMBEDDING_MODEL"))
    return embed_with_cache(embedder, texts, DatabaseEmbeddingCache(session))


def move(session: Session, actor: User, consultation: Consultation, run_id: int,
         submission_id: int, theme_id: int) -> CurationAction:
    action = Action(session, actor, consultation, run_id, CurationKind.MOVE)
    idea = action.idea(submission_id)
    target = action.theme(theme_id)
    member = action.membership(idea.id)
    old = member.theme_id if member else None
    if old == target.id:
        raise ConsultError(_l("The idea is already in that theme."))
    action.place(idea.id, target)
    return action.done(idea, {"idea": idea.id, "from": old, "to": target.id})


def pin(session: Session, actor: User, consultation: Consultation, run_id: int,
        submission_id: int, pinned: bool = True) -> CurationAction:
    action = Action(session, actor, consultation, run_id, CurationKind.PIN)
    idea = action.idea(submission_id)
    member = action.membership(idea.id)
    if member is None or member.theme_id is None:
        raise ConsultError(_l("This idea is in no theme yet; move it into one first."))
    theme = action.theme(member.theme_id)
    if pinned:
        action.place(idea.id, theme, pinned=True)
    else:
        curation = action.keep_idea(idea.id)
        curation.placed_in_id, curation.pinned = None, False
    return action.done(idea, {"idea": idea.id, "theme": theme.id, "pinned": pinned})


def lock(session: Session, actor: User, consultation: Consultation, run_id: int, theme_id: int,
         locked: bool = True) -> CurationAction:
    action = Action(session, actor, consultation, run_id, CurationKind.LOCK)
    theme = action.keep_theme(action.theme(theme_id))
    theme.locked = locked
    return action.done(theme, {"theme": theme.id, "locked": locked})


def mark_duplicates(session: Session, actor: User, consultation: Consultation, run_id: int,
                    original_id: int, duplicate_ids: list[int]) -> CurationAction:
    action = Action(session, actor, consultation, run_id, CurationKind.DUPLICATE)
    original = action.idea(original_id)
    duplicates = [action.idea(i) for i in dict.fromkeys(duplicate_ids) if i != original.id]
    if not duplicates:
        raise ConsultError(_l("Choose at least one idea, other than the original, "
                              "to mark as its duplicate."))
    root = session.get(IdeaCuration, original.id)
    if root is not None and root.duplicate_of_id is not None:
        original = session.get(Submission, root.duplicate_of_id)  # fold under the first original
    for duplicate in duplicates:
        action.keep_idea(duplicate.id).duplicate_of_id = original.id
        for folded in session.scalars(select(IdeaCuration).where(
                IdeaCuration.duplicate_of_id == duplicate.id)):
            action.keep_idea(folded.submission_id).duplicate_of_id = original.id
    return action.done(original, {"original": original.id,
                                  "duplicates": [d.id for d in duplicates]})


def set_aside(session: Session, actor: User, consultation: Consultation, run_id: int,
              submission_id: int, aside: bool = True) -> CurationAction:
    action = Action(session, actor, consultation, run_id, CurationKind.SET_ASIDE)
    idea = action.idea(submission_id)
    curation = action.keep_idea(idea.id)
    if curation.set_aside == aside:
        raise ConsultError(_l("The idea is already set aside.") if aside
                           else _l("The idea is not set aside."))
    curation.set_aside = aside
    member = action.keep_member(idea.id)
    if member is not None and aside:
        member.theme_id = None
    return action.done(idea, {"idea": idea.id, "set_aside": aside})


# --- undo --------------------------------------------------------------------------------------

def last_action(session: Session, consultation: Consultation) -> CurationAction | None:
    return session.scalar(
        select(CurationAction).where(CurationAction.consultation_id == consultation.id,
                                     CurationAction.undone_at.is_(None))
        .order_by(CurationAction.id.desc()).limit(1))


def undo_last(session: Session, actor: User, consultation: Consultation,
              action_id: int) -> CurationAction:
    """Undo the consultation's last action; ``action_id`` is the one the form showed."""
    record = last_action(session, consultation)
    if record is None:
        raise NotFound(_l("There is nothing to undo."))
    if record.id != action_id:
        raise Conflict(_l("Someone else acted on these themes meanwhile; check the list and "
                          "try again."))
    run = current_run(session, consultation.id)
    if run is None or run.id != record.run_id:
        raise Conflict(_l("A newer clustering run replaced the themes this action changed, "
                          "so it can no longer be undone."))
    _restore(session, run, record.before)
    record.undone_at = utcnow()
    events.record(session, actor, "theme.undone", consultation,
                  {"action": record.id, "kind": record.kind.value})
    return record


def _restore(session: Session, run: ClusteringRun, before: dict) -> None:
    for theme_id, values in before["themes"].items():
        theme = session.get(Theme, int(theme_id))
        for name, value in values.items():
            setattr(theme, name, datetime.fromisoformat(value) if name == "retired_at" and value
                    else value)
    for theme_id in before["created"]:
        session.get(Theme, theme_id).retired_at = utcnow()
    for submission_id, values in before["members"].items():
        query = (ThemeMembership.run_id == run.id,
                 ThemeMembership.submission_id == int(submission_id))
        if values is None:
            session.execute(delete(ThemeMembership).where(*query))
            continue
        member = session.scalar(select(ThemeMembership).where(*query))
        member.theme_id, member.source = values["theme_id"], MembershipSource(values["source"])
    for submission_id, values in before["ideas"].items():
        curation = session.get(IdeaCuration, int(submission_id))
        if values is None:
            session.delete(curation)
        else:
            for name, value in values.items():
                setattr(curation, name, value)
