"""What residents are told about their ideas and what they follow, queued for their daily
digest.

A notice goes to the address the resident gave with the idea, else to their account's, in the
idea's language; never to an address that opted out, and never twice for the same news.

News for followers comes from the event log: each event of `FOLLOWER_NEWS` queues a notice for
every confirmed follower of the consultation or commitment it concerns, in the transaction
that records it (so the news and its notices are committed together or not at all). A
commitment's publication, announced by the plans (`consult.plans.signals`), tells the residents
behind the ideas it draws on, in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, event, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from consult.core.event import Event
from consult.ideas.models import Submission, SubmissionStatus
from consult.plans.models import (
    ActionPlan,
    Assessment,
    Commitment,
    CommitmentStatus,
    Milestone,
    ProvenanceLink,
)
from consult.plans.signals import commitment_published
from consult.responses.follow_model import Follow
from consult.responses.models import MailOptOut, Notice, NoticeKind, Response, ResponseState
from consult.themes.state import current_memberships, resolve_theme


def normalise(email: str) -> str:
    return email.strip().lower()


def queue_answered(session: Session, response: Response) -> None:
    """Queue a notice for the resident behind each idea a just-published answer covers.

    An answer to an idea covers that idea; a theme's answer covers each idea through its own
    row (`from_theme_id`), so calling this for the theme's answer, for each row, or both, queues
    one notice per idea. A draft answer queues nothing. An idea that has an answer of its own
    gets no notice for its theme's answer, which does not stand for it.
    """
    if response.state is not ResponseState.PUBLISHED:
        return
    if response.submission_id is not None:
        rows = [response]
    else:
        rows = session.scalars(select(Response).where(Response.from_theme_id == response.id)
                               .options(selectinload(Response.submission)
                                        .selectinload(Submission.author))
                               .order_by(Response.id)).all()
    answered = _with_own_answer(session, {row.submission_id for row in rows
                                          if row.from_theme_id is not None})
    _queue(session, NoticeKind.ANSWERED, [
        (row.submission, row.id) for row in rows
        if row.from_theme_id is None or row.submission_id not in answered])


def queue_fed_commitment(session: Session, commitment: Commitment) -> None:
    """Queue a notice for the resident behind each idea a just-published commitment draws on:
    the ideas linked to it directly, and those of the themes linked to it as they stand now."""
    if commitment.status is not CommitmentStatus.PUBLISHED:
        return
    _queue(session, NoticeKind.FED_COMMITMENT,
           [(idea, commitment.id) for idea in ideas_feeding(session, commitment)])


@commitment_published.connect
def _tell_the_residents_behind(session: Session, commitment: Commitment) -> None:
    queue_fed_commitment(session, commitment)


def ideas_feeding(session: Session, commitment: Commitment) -> list[Submission]:
    """The published ideas behind a commitment: linked directly or through a theme (merges
    followed, in the current clustering run)."""
    links = session.scalars(select(ProvenanceLink).where(
        ProvenanceLink.commitment_id == commitment.id, ProvenanceLink.removed_at.is_(None))).all()
    ids = {link.submission_id for link in links if link.submission_id is not None}
    linked_themes = {_live_theme_id(session, link.theme_id) for link in links
                     if link.theme_id is not None} - {None}
    if linked_themes:
        live: dict[int, int | None] = {}  # membership's theme id -> the theme it became
        for idea_id, theme_id in current_memberships(
                session, commitment.plan.consultation_id).items():
            if theme_id is None:
                continue
            if theme_id not in live:
                live[theme_id] = _live_theme_id(session, theme_id)
            if live[theme_id] in linked_themes:
                ids.add(idea_id)
    if not ids:
        return []
    return list(session.scalars(select(Submission).where(
        Submission.id.in_(ids), Submission.status == SubmissionStatus.PUBLISHED)
        .options(selectinload(Submission.author)).order_by(Submission.id)))


def _live_theme_id(session: Session, theme_id: int) -> int | None:
    theme = resolve_theme(session, theme_id)
    return theme.id if theme is not None else None


def is_opted_out(session: Session, email: str) -> bool:
    return session.scalar(select(MailOptOut.id).where(
        MailOptOut.email == normalise(email))) is not None


def opt_out(session: Session, email: str) -> None:
    """Stop all mail to an address: remember it, and drop what was waiting for it."""
    email = normalise(email)
    if not is_opted_out(session, email):
        session.add(MailOptOut(email=email))
    session.execute(delete(Notice).where(Notice.email == email, Notice.sent_at.is_(None)))
    session.flush()


# Event action -> whose followers it is news for.
FOLLOWER_NEWS = {
    "consultation.phase_changed": NoticeKind.CONSULTATION_NEWS,
    "response.published": NoticeKind.CONSULTATION_NEWS,
    "plan.published": NoticeKind.CONSULTATION_NEWS,
    "progress.posted": NoticeKind.COMMITMENT_NEWS,
    "milestone.added": NoticeKind.COMMITMENT_NEWS,
    "commitment.revised": NoticeKind.COMMITMENT_NEWS,
    "plan.adopted": NoticeKind.COMMITMENT_NEWS,
    "assessment.published": NoticeKind.COMMITMENT_NEWS,
}
_PARENT = {  # action -> the column of its object that names the consultation or commitment
    "response.published": Response.consultation_id,
    "plan.published": ActionPlan.consultation_id,
    "milestone.added": Milestone.commitment_id,
    "assessment.published": Assessment.commitment_id,
}


@event.listens_for(Event, "after_insert")
def _queue_follower_news(_mapper, connection: Connection, recorded: Event) -> None:
    """Queue the news an event tells for each confirmed follower of what it concerns.

    This runs inside the flush that writes the event, so it reads and writes with plain SQL on
    the flush's connection, naming the event's organisation itself."""
    kind = FOLLOWER_NEWS.get(recorded.action)
    if kind is None or recorded.object_id is None:
        return
    ids = _followed_ids(connection, recorded)
    if not ids:
        return
    column = (Follow.consultation_id if kind is NoticeKind.CONSULTATION_NEWS
              else Follow.commitment_id)
    organisation_id = recorded.organisation_id
    followers = connection.execute(select(Follow.id, Follow.email, Follow.language).where(
        Follow.organisation_id == organisation_id, column.in_(ids),
        Follow.confirmed_at.is_not(None),
        Follow.email.not_in(select(MailOptOut.email).where(
            MailOptOut.organisation_id == organisation_id)))).all()
    if followers:
        connection.execute(insert(Notice.__table__), [
            {"organisation_id": organisation_id, "email": email, "language": language,
             "kind": kind, "follow_id": follow_id, "ref_id": recorded.id}
            for follow_id, email, language in followers])


def _followed_ids(connection: Connection, recorded: Event) -> set[int]:
    payload = recorded.payload or {}
    if recorded.action == "progress.posted":
        return {payload["commitment"]} if payload.get("commitment") else set()
    if recorded.action == "plan.adopted":
        return {i for i in payload.get("commitments", []) if isinstance(i, int)}
    column = _PARENT.get(recorded.action)
    if column is None:  # the event is about the consultation or commitment itself
        return {recorded.object_id}
    found = connection.execute(select(column).where(
        column.table.c.id == recorded.object_id)).scalar()
    return {found} if found is not None else set()


def stop_notices(session: Session, follow: Follow) -> None:
    """Drop what waits for a follow that ends."""
    session.execute(delete(Notice).where(Notice.follow_id == follow.id,
                                         Notice.sent_at.is_(None)))


def address_of(idea: Submission) -> str | None:
    """Where news about an idea goes: the address left with it, else the author's account's."""
    email = idea.contact_email or (idea.author.email if idea.author else None)
    return normalise(email) if email and email.strip() else None


def _with_own_answer(session: Session, submission_ids: set[int]) -> set[int]:
    """Which of these ideas have a published answer of their own (not their theme's)."""
    if not submission_ids:
        return set()
    return set(session.scalars(select(Response.submission_id).where(
        Response.submission_id.in_(submission_ids), Response.from_theme_id.is_(None),
        Response.state == ResponseState.PUBLISHED)))


def _queue(session: Session, kind: NoticeKind, news: list[tuple[Submission, int]]) -> None:
    """Queue a notice for each (idea, ref id) whose resident has a live address, unless
    already queued."""
    wanted = {(email, idea.id, ref_id): idea for idea, ref_id in news
              if (email := address_of(idea)) is not None}
    if not wanted:
        return
    emails = {email for email, _, _ in wanted}
    opted_out = set(session.scalars(select(MailOptOut.email).where(MailOptOut.email.in_(emails))))
    queued = {tuple(row) for row in session.execute(
        select(Notice.email, Notice.submission_id, Notice.ref_id).where(
            Notice.kind == kind, Notice.submission_id.in_({key[1] for key in wanted})))}
    new = [Notice(email=email, language=idea.language, kind=kind, submission_id=idea.id,
                  ref_id=ref_id)
           for (email, idea_id, ref_id), idea in wanted.items()
           if email not in opted_out and (email, idea_id, ref_id) not in queued]
    # Another transaction may queue the same notice meanwhile: losing that race must not undo
    # the publication that queued it, so a clash is retried one notice at a time.
    if new and not _insert(session, new):
        for notice in new:
            _insert(session, [Notice(email=notice.email, language=notice.language, kind=kind,
                                     submission_id=notice.submission_id,
                                     ref_id=notice.ref_id)])


def _insert(session: Session, new: list[Notice]) -> bool:
    try:
        with session.begin_nested():
            session.add_all(new)
    except IntegrityError:
        return False
    return True
