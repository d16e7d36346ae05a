"""A seated panel for the round tests: the panel is seated by hand, as rounds need members,
not a lottery (the lottery is tested in test_selection.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from consult.assemblies import rounds
from consult.assemblies import setup as assemblies
from consult.core.base import utcnow
from consult.models import ActionPlan, Draw, DrawKind, DrawStatus
from tests.fixtures.assemblies import SEATS


@pytest.fixture
def seated(db, assembly, assembly_plan):
    """The assembly with its first six volunteers on the panel, and its facilitator."""
    draw = Draw(assembly=assembly, kind=DrawKind.PANEL, status=DrawStatus.DONE, seed=1,
                size=SEATS, quotas=assembly.quotas, pool_size=len(assembly.volunteers),
                pool_csv="", pool_sha256="", algorithm="seated by the test")
    db.session.add(draw)
    db.session.flush()
    for volunteer in assembly.volunteers[:SEATS]:
        volunteer.selected_by_id = draw.id
    assembly.recruiting = False
    db.session.commit()
    return assembly, assembly_plan[1]


@pytest.fixture
def round_(db, seated):
    """Round 1, open now, deliberating on the plan's two commitments."""
    assembly, facilitator = seated
    plan = db.session.get(ActionPlan, assembly.plan_id)
    now = utcnow()
    round_ = rounds.create_round(db.session, facilitator, assembly, "First readings",
                                 now - timedelta(hours=1), now + timedelta(days=7), [],
                                 [c.id for c in plan.commitments])
    db.session.commit()
    return round_


@pytest.fixture
def panel(seated):
    return assemblies.members(seated[0])


@pytest.fixture
def facilitator(seated):
    return seated[1]
