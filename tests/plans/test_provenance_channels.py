"""A commitment's provenance says how its ideas reached the consultation: a theme counts its
ideas by channel, and each idea linked one by one names its channel."""

from __future__ import annotations

from sqlalchemy import select

from consult.models import Channel, Submission, ThemeMembership
from consult.plans import drafting as plans
from consult.plans import provenance
from consult.themes.state import live_themes


def test_a_theme_counts_its_ideas_by_channel_and_a_linked_idea_names_its_own(
        db, plan, clustered, create_submission, client_as):
    consultation, run, facilitator = clustered
    theme = sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)[0]
    members = db.session.scalars(select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id)).all()
    for idea_id in members[:2]:
        db.session.get(Submission, idea_id).channel = Channel.SMS
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    texted = create_submission(consultation, "Light the path to the station",
                               channel=Channel.WHATSAPP)
    provenance.add_link(db.session, facilitator, commitment, submission_id=texted.id)
    db.session.commit()
    sources = provenance.sources(db.session, commitment)
    counted = dict(sources.themes[0].channels)
    assert counted[Channel.SMS] == 2 and sum(counted.values()) == len(members)
    page = client_as("facilitator").get(f"/commitments/{commitment.id}").text
    assert "Ideas by how they were received — " in page and "Text message 2" in page
    assert "· WhatsApp" in page
