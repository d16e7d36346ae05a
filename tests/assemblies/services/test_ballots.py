"""The registry of ballot types: rating and ranking record and tally through it, and a type
registered here shows on the round pages with no change anywhere else."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from werkzeug.datastructures import MultiDict

from consult.assemblies import ballots, rounds
from consult.assemblies import participation as taking_part
from consult.assemblies import results as round_results
from consult.assemblies.ballots.ranking import RankingTally
from consult.assemblies.ballots.rating import RatingTally
from consult.core.errors import ConsultError, NotAllowed
from tests.assemblies.services.helpers import voting
from tests.fixtures.assemblies import SEATS
from tests.fixtures.assembly_pages import join, members_of, post, publish, round_path


def test_registry_lists_rating_then_ranking():
    assert [ballot.name for ballot in ballots.registered()] == ["rating", "ranking"]
    assert ballots.get("rating").endpoint == "assemblies.rate"
    assert ballots.get("ranking").endpoint == "assemblies.rank"


def _cast(db, name, round_, member, form):
    ballot = ballots.get(name)
    ballot.record(db.session, member, round_, ballot.read(round_, MultiDict(form)))
    db.session.flush()


def test_rating_ballot_records_and_tallies_as_the_results_did(db, round_, panel, facilitator):
    voting(db, facilitator, round_)
    budget, crossings = round_.items
    for member, value in zip(panel[:3], ["0", "1", "1"], strict=True):
        _cast(db, "rating", round_, member, {f"item-{budget.id}": value})
    _cast(db, "rating", round_, panel[0], {f"item-{crossings.id}": "-1"})

    tally = ballots.get("rating").tally(db.session, round_, list(round_.items))
    mean = 2 / 3
    expected = RatingTally(members=SEATS, distribution={-1: 0, 0: 1, 1: 2}, ratings=3,
                           support=2 / 3, consensus=pytest.approx(
                               1 + math.log2(1 - mean / 2) / 3
                               + 2 * math.log2(1 - (1 - mean) / 2) / 3))
    assert tally[budget.id] == expected
    assert tally[crossings.id] == RatingTally(members=SEATS, distribution={-1: 1, 0: 0, 1: 0},
                                              ratings=1, support=0.0, consensus=1.0)
    [result, _] = round_results.results(db.session, round_)
    assert (result.members, result.ratings) == (SEATS, 3)
    assert result.distribution == expected.distribution
    assert result.turnout == 0.5 and result.support == 2 / 3 and not result.divided
    rows = {p.member.id: p for p in taking_part.participation(db.session, round_)}
    assert [rows[m.id].ratings for m in panel[:4]] == [2, 1, 1, 0]


def test_rating_ballot_refuses_a_form_without_a_rating(db, round_, panel, facilitator):
    voting(db, facilitator, round_)
    with pytest.raises(ConsultError, match="Choose a rating for at least one item."):
        ballots.get("rating").read(round_, MultiDict({}))


def test_ranking_ballot_records_and_tallies_as_the_results_did(db, round_, panel, facilitator):
    voting(db, facilitator, round_)
    budget, crossings = (str(item.id) for item in round_.items)
    for member, order in zip(panel[:3], [[crossings, budget], [budget, crossings],
                                         [budget, crossings]], strict=True):
        _cast(db, "ranking", round_, member, {"place": order})

    tally = ballots.get("ranking").tally(db.session, round_, list(round_.items))
    assert tally == {int(budget): RankingTally(borda=2, first_places=2),
                     int(crossings): RankingTally(borda=1, first_places=1)}
    by_id = {r.item.id: r for r in round_results.results(db.session, round_)}
    assert (by_id[int(budget)].borda, by_id[int(budget)].first_places) == (2, 2)
    rows = {p.member.id: p for p in taking_part.participation(db.session, round_)}
    assert [m.id for m in panel if rows[m.id].ranked] == [m.id for m in panel[:3]]


# --- a ballot type with no table, registered by the test -----------------------------------------

APPROVAL_PARTIAL = """
{% macro form(round, mine, posted, posted_to, action) %}
<form method="post" action="{{ action }}">
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  {% for item in round.items %}<input type="checkbox" name="approve" value="{{ item.id }}"
    {%- if item.id in mine.approved %} checked{% endif %}>{% endfor %}
  <button type="submit">Save my approvals</button>
</form>
{% endmacro %}
{% macro item_result(round, result, results, percent) %}
<p>Approved by {{ result.tallies.approval }}</p>
{% endmacro %}
"""


class ApprovalBallot(ballots.BallotType):
    """Members approve any number of items; ballots are kept in memory."""

    name = "approval"
    label = "Approvals"
    counted_as = "approvals"
    saved = "Your approvals are saved."

    def __init__(self, partial):
        self.partial = partial
        self.cast = {}  # (round id, member id) -> approved item ids

    def read(self, round_, form):
        return {int(value) for value in form.getlist("approve")}

    def record(self, session, member, round_, ballot):
        if member is None:
            raise NotAllowed("Only members vote.")
        self.cast[(round_.id, member.id)] = ballot

    def mine(self, session, round_, member):
        return {"approved": self.cast.get((round_.id, member.id), set())}

    def tally(self, session, round_, items):
        return {item.id: sum(item.id in approved
                             for (round_id, _), approved in self.cast.items()
                             if round_id == round_.id)
                for item in items}

    def votes(self, session, round_):
        return Counter(member_id for round_id, member_id in self.cast if round_id == round_.id)


@pytest.fixture
def approval(app):
    ballot = ballots.register(ApprovalBallot(app.jinja_env.from_string(APPROVAL_PARTIAL)))
    yield ballot
    ballots.unregister(ballot.name)


def test_a_registered_ballot_type_shows_on_the_round_page_and_records(db, app, open_round,
                                                                      approval):
    round_, facilitator = open_round
    rounds.advance(db.session, facilitator, round_)
    db.session.commit()
    member = members_of(open_round)[0]
    client = join(app, member)
    first, second = round_.items
    html = client.get(round_path(round_)).get_data(as_text=True)
    assert f'action="/assemblies/rounds/{round_.id}/ballots/approval"' in html
    assert "Save my approvals" in html and "Save my ratings" in html

    response = post(client, round_, f"/rounds/{round_.id}/ballots/approval",
                    {"approve": [str(second.id)]})
    assert response.status_code == 302 and response.headers["Location"].endswith("#voting")
    assert approval.cast == {(round_.id, member.id): {second.id}}
    html = client.get(round_path(round_)).get_data(as_text=True)
    assert "Your approvals are saved." in html
    assert f'value="{second.id}" checked' in html and f'value="{first.id}" checked' not in html
    rows = {p.member.id: p for p in taking_part.participation(db.session, round_)}
    assert rows[member.id].approvals == 1 and rows[member.id].took_part

    publish(db, round_.assembly)
    rounds.close(db.session, facilitator, round_)
    rounds.publish(db.session, facilitator, round_, "Approved.")
    db.session.commit()
    html = app.test_client().get(round_path(round_)).get_data(as_text=True)
    assert "Approved by 0" in html and "Approved by 1" in html


def test_a_ballot_type_with_a_url_of_its_own_is_not_posted_to_the_shared_one(db, app,
                                                                             open_round):
    round_, _ = open_round
    client = join(app, members_of(open_round)[0])
    response = post(client, round_, f"/rounds/{round_.id}/ballots/rating", {})
    assert response.status_code == 404
