"""A round of the citizens' assembly puts the residents' common ground on its agenda."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.assemblies import rounds
from consult.core.base import utcnow
from consult.core.errors import ConsultError
from consult.models import Stance
from consult.opinions import voting
from tests.fixtures.assembly_pages import join, members_of, publish, publish_draw
from tests.opinions.test_computing import compute

PEOPLE = 12


def vote_common_ground(db, consultation, create_submission):
    """Two blocs that differ on four ideas and agree on 'Shade trees on every school street'."""
    agreed = create_submission(consultation, "Shade trees on every school street")
    others = [create_submission(consultation, f"Contested idea {n}") for n in range(7)]
    for bloc in (0, 1):
        for person in range(PEOPLE):
            voter = voting.Voter(None, f"b{bloc}p{person}")
            voting.cast_vote(db.session, agreed, voter, Stance.AGREE)
            for n, idea in enumerate(others):
                voting.cast_vote(db.session, idea, voter,
                                 Stance.AGREE if (n + bloc) % 2 else Stance.DISAGREE)
    db.session.commit()
    compute(db, consultation)
    return agreed


def test_members_see_the_common_ground_on_the_agenda(app, db, drawn, create_submission):
    assembly, facilitator = drawn
    agreed = vote_common_ground(db, assembly.plan.consultation, create_submission)
    publish(db, assembly)
    publish_draw(db, drawn)
    now = utcnow()
    round_ = rounds.create_round(db.session, facilitator, assembly, "Where residents agree",
                                 now - timedelta(hours=1), now + timedelta(days=7), [], [],
                                 common_ground=True)
    db.session.commit()
    member = members_of((round_, facilitator))[0]
    html = join(app, member).get(f"/assemblies/{assembly.id}/rounds/{round_.number}"
                                 ).get_data(as_text=True)
    assert "Common ground of the residents' votes" in html and agreed.text in html


def test_an_empty_agenda_is_still_refused(db, drawn):
    assembly, facilitator = drawn
    now = utcnow()
    with pytest.raises(ConsultError) as refused:
        rounds.create_round(db.session, facilitator, assembly, "Nothing", now,
                            now + timedelta(days=1), [], [])
    assert "at least one theme or draft commitment" in str(refused.value.message)


def test_a_facilitator_ticks_the_common_ground_when_creating_a_round(db, client_as, assembly):
    from consult.models import Round
    from tests.fixtures.clients import csrf_token

    client = client_as("facilitator")
    path = f"/facilitate/assemblies/{assembly.id}/rounds/new"
    page = client.get(path).get_data(as_text=True)
    assert 'name="common_ground"' in page
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "title": "Where residents agree",
        "opens_at": "2030-03-01T09:00", "closes_at": "2030-03-08T18:00", "common_ground": "y"})
    assert response.status_code == 302
    round_ = db.session.scalar(select(Round))
    assert round_.common_ground and round_.items == []
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Common ground of the residents&#39; votes" in shown or \
        "Common ground of the residents' votes" in shown
