"""A commitment's history shows each changed field as two blocks: before and after."""

from __future__ import annotations

from sqlalchemy import select

from consult.models import Commitment
from consult.plans import drafting as plans
from consult.themes.state import live_themes
from consult.web.diffs import word_diff

OLD = "Publish the budget every month."
NEW = 'Publish the whole budget every week, with <b>maps</b> & "tables".'


def test_commitment_history_shows_each_change_before_and_after(db, client, plan, clustered):
    consultation, _, facilitator = clustered
    theme = min(live_themes(db.session, consultation.id), key=lambda t: t.id)
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    plans.edit(db.session, facilitator, commitment, {"action": OLD}, "First wording")
    plans.edit(db.session, facilitator, commitment, {"action": NEW}, "More precise")
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    change = word_diff(OLD, NEW)
    assert "<ins>whole</ins>" in change.after and "<del>month.</del>" in change.before
    assert ('<dl class="text-change">\n  <dt>Before</dt>\n'
            f'  <dd class="text-change-text" dir="auto">{change.before}</dd>') in html
    assert f'<dt>After</dt>\n  <dd class="text-change-text" dir="auto">{change.after}</dd>' in html
    assert "<b>maps</b>" not in html and "&lt;b&gt;maps&lt;/b&gt; &amp; &#34;tables&#34;" in html


def test_a_field_filled_for_the_first_time_shows_an_empty_before(db, client, plan, clustered):
    consultation, _, facilitator = clustered
    theme = min(live_themes(db.session, consultation.id), key=lambda t: t.id)
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    plans.edit(db.session, facilitator, commitment, {"relevance": ""}, "Emptied")
    plans.edit(db.session, facilitator, commitment, {"relevance": "Open data."}, "Filled")
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    assert db.session.scalar(select(Commitment.relevance)) == "Open data."
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert '<dd class="text-change-empty">(empty)</dd>' in html
