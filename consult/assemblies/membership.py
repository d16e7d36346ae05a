"""Assembly members on this device: whoever followed a member's invitation link, kept in the
Flask session. No password: the session holds the member's id and their link's nonce, so a new
link, or dropping out, signs every device out."""

from __future__ import annotations

import hmac

from flask import session

from consult.assemblies.models import Volunteer
from consult.extensions import db

SESSION_KEY = "assembly_members"  # assembly id (str) -> [volunteer id, token nonce]


def join(volunteer: Volunteer) -> None:
    """Remember on this device that `volunteer` takes part in their assembly."""
    held = dict(session.get(SESSION_KEY, {}))
    held[str(volunteer.assembly_id)] = [volunteer.id, volunteer.token_nonce]
    session[SESSION_KEY] = held


def leave(assembly_id: int) -> None:
    """Forget this device's membership of one assembly."""
    held = dict(session.get(SESSION_KEY, {}))
    held.pop(str(assembly_id), None)
    session[SESSION_KEY] = held


def current_member(assembly_id: int) -> Volunteer | None:
    """The member of `assembly_id` on this device, while their link and their seat are valid."""
    held = session.get(SESSION_KEY, {}).get(str(assembly_id))
    if not held:
        return None
    volunteer_id, nonce = held
    volunteer = db.session.get(Volunteer, volunteer_id)
    if (volunteer is None or volunteer.assembly_id != assembly_id or not volunteer.is_member
            or not hmac.compare_digest(volunteer.token_nonce, str(nonce))):
        return None
    return volunteer
