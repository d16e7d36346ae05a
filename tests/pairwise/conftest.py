"""A consultation with themes, a facilitator, and rounds opened on it."""

from __future__ import annotations

import pytest

from consult.models import Phase, Theme
from consult.pairwise import rounds
from consult.pairwise.models import Subject

THEMES = ("Safer cycling", "Greener parks", "Better roads", "Cleaner river", "Open libraries")


@pytest.fixture
def themed(db, create_consultation):
    """A consultation being analysed, with five live themes (no clustering run needed)."""
    consultation = create_consultation(Phase.ANALYSIS)
    for label in THEMES:
        db.session.add(Theme(consultation_id=consultation.id, label=label,
                             description=f"Ideas about {label.lower()}"))
    db.session.commit()
    return consultation


@pytest.fixture
def facilitator(create_user):
    return create_user("facilitator")


@pytest.fixture
def open_round(db, facilitator):
    """`open_round(consultation, subject=Subject.THEMES)` → an open round, committed."""

    def factory(consultation, subject=Subject.THEMES, question=""):
        round_ = rounds.open_round(db.session, facilitator, consultation, subject, question)
        db.session.commit()
        return round_

    return factory
