"""A theme's page narrowed by how ideas were received, their supports and pins; values that
make no sense are read as no filter, and every filter is kept across pages."""

from __future__ import annotations

import re

import pytest

from consult.models import Channel, IdeaCuration, ThemeMembership
from consult.themes.state import live_themes
from tests.themes.test_page_queries import grow


@pytest.fixture
def theme_with_mix(db, clustered, create_submission):
    """(the theme, {name: idea}) with ideas on paper, by phone, supported and pinned."""
    consultation, run, _facilitator = clustered
    theme = live_themes(db.session, consultation.id)[0]
    ideas = {
        "paper": create_submission(consultation, "A paper card about the theme",
                                   channel=Channel.PAPER),
        "phone": create_submission(consultation, "A call about the theme", channel=Channel.PHONE,
                                   support_count=40),
    }
    for idea in ideas.values():
        db.session.add(ThemeMembership(run_id=run.id, submission_id=idea.id, theme_id=theme.id,
                                       organisation_id=idea.organisation_id))
    db.session.add(IdeaCuration(submission_id=ideas["paper"].id, placed_in_id=theme.id,
                                pinned=True, organisation_id=ideas["paper"].organisation_id))
    db.session.commit()
    return theme, ideas


def listed(client, theme, query: str) -> set[int]:
    html = client.get(f"/facilitate/themes/{theme.id}?{query}").get_data(as_text=True)
    return {int(n) for n in re.findall(r'form="bulk-form" name="ideas" value="(\d+)"', html)}


def test_each_filter_narrows_the_list(db, client_as, theme_with_mix):
    theme, ideas = theme_with_mix
    client = client_as("facilitator")

    assert listed(client, theme, "channel=paper") == {ideas["paper"].id}
    assert listed(client, theme, "supports=40") == {ideas["phone"].id}
    assert listed(client, theme, "pinned=1") == {ideas["paper"].id}
    assert listed(client, theme, "channel=phone&pinned=1") == set()
    assert {ideas["paper"].id, ideas["phone"].id} <= listed(client, theme, "")


@pytest.mark.parametrize("query", ["channel=carrier-pigeon", "supports=-3", "supports=many",
                                   "pinned=yes", "supports="])
def test_a_filter_that_makes_no_sense_is_no_filter(db, client_as, theme_with_mix, query):
    theme, _ideas = theme_with_mix
    client = client_as("facilitator")

    response = client.get(f"/facilitate/themes/{theme.id}?{query}")

    assert response.status_code == 200
    assert listed(client, theme, query) == listed(client, theme, "")


def test_filters_are_kept_from_page_to_page(db, client_as, clustered, create_submission):
    consultation, run, _facilitator = clustered
    theme = live_themes(db.session, consultation.id)[0]
    grow(db, create_submission, consultation, run, theme, 60)  # supports 0 to 3
    client = client_as("facilitator")

    html = client.get(f"/facilitate/themes/{theme.id}?supports=1&channel=web").get_data(
        as_text=True)

    assert "Page 1 of 1" not in html and "supports=1" in html and "channel=web" in html
    huge = client.get(f"/facilitate/themes/{theme.id}?supports=99999999999999999999")
    assert huge.status_code == 200 and "No idea of this theme matches" in huge.get_data(
        as_text=True)
