"""Residents follow a consultation or a commitment by email: asked for, confirmed by the link
mailed to the address (double opt-in), stopped by the link in every digest.

Asking never tells whether an address already follows something: the page says the same
thing whatever happened, and only the mailbox learns more. An address that asked for no mail
at all gets none, not even the confirmation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMessage
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.consultations import services as consultations
from consult.consultations.models import Consultation
from consult.core import events
from consult.core.base import new_nonce, utcnow
from consult.core.errors import ConsultError, NotFound
from consult.core.tenancy import current_organisation_id
from consult.core.tokens import follow_token, read_follow_token
from consult.plans.models import Commitment, CommitmentStatus
from consult.responses import notices
from consult.responses.follow_model import Follow

EMAIL_MAX = 255
Target = Consultation | Commitment
LinkBuilder = Callable[..., str]


class FollowError(ConsultError):
    """The address given cannot be followed with."""

    status = 422


@dataclass(frozen=True)
class Confirmation:
    follow: Follow
    already: bool  # the link was opened before: nothing changed


def followable(session: Session, kind: str, target_id: int) -> Target:
    """The consultation (public) or commitment (published, in a published plan) to follow;
    NotFound for anything else."""
    if kind == "consultation":
        return consultations.get_public(session, target_id)
    commitment = session.get(Commitment, target_id)
    if (commitment is None or commitment.status is not CommitmentStatus.PUBLISHED
            or not commitment.plan.is_published):
        raise NotFound(_l("This commitment does not exist or is not published yet."))
    return commitment


def ask_to_follow(session: Session, email: str, target: Target, language: str,
                  link: LinkBuilder | None = None) -> EmailMessage | None:
    """Create (or renew) an unconfirmed follow and return the mail with its confirmation link,
    rendered and unsent: the caller sends it once the transaction is committed.

    Renewing gives the follow a new nonce, so the links of earlier mails stop working. A
    follow already confirmed stays as it is, and its mail says so. An opted-out address gets
    no follow and no mail.
    """
    email = _valid(email)
    if notices.is_opted_out(session, email):
        return None
    follow = _find(session, email, target)
    if follow is not None and follow.is_confirmed:
        return _mail(follow, target, "already", link or _url)
    if follow is None:
        follow = _create(session, email, target, language)
    else:
        follow.nonce, follow.language = new_nonce(), language
    events.record(session, None, "follow.asked", follow, _about(follow))
    return _mail(follow, target, "confirm", link or _url)


def confirm(session: Session, token: str) -> Confirmation:
    """Confirm the follow a genuine confirmation link stands for."""
    follow = _from_token(session, "confirm", token)
    if follow is None:
        raise NotFound(_l("This confirmation link is not valid. Check that it was copied "
                          "whole, or ask again to follow by email: the newest link works."))
    if follow.is_confirmed:
        return Confirmation(follow, already=True)
    follow.confirmed_at = utcnow()
    events.record(session, None, "follow.confirmed", follow, _about(follow))
    return Confirmation(follow, already=False)


def follow_to_stop(session: Session, token: str) -> Follow | None:
    """The follow a stop link stands for; None when it has already stopped. NotFound when the
    link is forged."""
    if _genuine("stop", session, token) is None:
        raise NotFound(_l("This link to stop following is not valid. Check that it was copied "
                          "whole, or use the link in a more recent mail from us."))
    return _from_token(session, "stop", token)


def stop_following(session: Session, token: str) -> Target | None:
    """End the follow a stop link stands for, and drop its waiting news: what it followed, or
    None when it had already stopped."""
    follow = follow_to_stop(session, token)
    if follow is None:
        return None
    target = follow.target
    notices.stop_notices(session, follow)
    events.record(session, None, "follow.stopped", follow, _about(follow))
    session.delete(follow)
    session.flush()
    return target


def link_token(purpose: str, follow: Follow) -> str:
    return follow_token(purpose, follow.organisation_id, follow.id, follow.nonce)


def stop_link(follow: Follow, link: LinkBuilder) -> str:
    return link("follows.stop", token=link_token("stop", follow))


def _valid(email: str) -> str:
    email = notices.normalise(email or "")
    local, _at, domain = email.partition("@")
    if not local or "." not in domain or len(email) > EMAIL_MAX or any(c.isspace()
                                                                      for c in email):
        raise FollowError(_l("Enter an email address like name@example.org."))
    return email


def _key(target: Target) -> dict[str, int | None]:
    if isinstance(target, Consultation):
        return {"consultation_id": target.id, "commitment_id": None}
    return {"consultation_id": None, "commitment_id": target.id}


def _find(session: Session, email: str, target: Target) -> Follow | None:
    column = (Follow.consultation_id if isinstance(target, Consultation)
              else Follow.commitment_id)
    return session.scalar(select(Follow).where(Follow.email == email, column == target.id))


def _create(session: Session, email: str, target: Target, language: str) -> Follow:
    follow = Follow(email=email, language=language, organisation_id=target.organisation_id,
                    **_key(target))
    # The same address asking twice at once: the second finds the first's row.
    try:
        with session.begin_nested():
            session.add(follow)
    except IntegrityError:
        follow = _find(session, email, target)
        follow.nonce, follow.language = new_nonce(), language
    return follow


def _genuine(purpose: str, session: Session, token: str) -> tuple[int, str] | None:
    """(follow id, nonce) of a token this organisation's site issued; None otherwise."""
    parsed = read_follow_token(purpose, token)
    if parsed is None:
        return None
    organisation_id, follow_id, nonce = parsed
    current = current_organisation_id(session)
    return (follow_id, nonce) if current in (None, organisation_id) else None


def _from_token(session: Session, purpose: str, token: str) -> Follow | None:
    parsed = _genuine(purpose, session, token)
    follow = session.get(Follow, parsed[0]) if parsed else None
    if follow is None or follow.nonce != parsed[1]:
        return None
    return follow


def _about(follow: Follow) -> dict:
    # Never the address: the event log is public.
    if follow.consultation_id is not None:
        return {"consultation": follow.consultation_id}
    return {"commitment": follow.commitment_id}


def _url(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def target_link(target: Target, link: LinkBuilder) -> str:
    if isinstance(target, Consultation):
        return link("consultations.show", consultation_id=target.id)
    return link("plans.commitment", commitment_id=target.id)


def _mail(follow: Follow, target: Target, which: str, link: LinkBuilder) -> EmailMessage:
    """The confirmation mail, or the mail saying the address already follows `target`."""
    with force_locale(follow.language):
        body = render_template(
            f"responses/mail/follow_{which}.txt", title=target.title,
            page=target_link(target, link), is_consultation=isinstance(target, Consultation),
            confirm=link("follows.confirm", token=link_token("confirm", follow)),
            stop=stop_link(follow, link))
        subject = (_("Confirm that you want to follow “%(title)s”", title=target.title)
                   if which == "confirm" else
                   _("You already follow “%(title)s”", title=target.title))
    return EmailMessage(subject=subject, body=body, to=[follow.email],
                        headers={"Auto-Submitted": "auto-generated"})
