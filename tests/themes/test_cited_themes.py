"""A theme's public page lists the published commitments it fed, and a theme a published
commitment cites stays public whatever the phase, merged or left behind by a later run."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from consult.core.base import utcnow
from consult.models import Phase, Submission, ThemeMembership
from consult.plans import drafting as plans
from consult.plans import provenance, theme_page
from consult.themes import curation
from consult.themes.state import current_memberships, live_themes
from tests.fixtures.themes import run_clustering


def themes(db, consultation):
    return sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)


def publish(db, facilitator, commitment):
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, commitment.plan)
    db.session.commit()


@pytest.fixture
def cited(db, plan, clustered):
    """The first theme cited by a published commitment; the consultation still open, so its
    themes are not public. Yields (consultation, run, facilitator, commitment, themes)."""
    consultation, run, facilitator = clustered
    found = themes(db, consultation)
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [found[0].id])
    publish(db, facilitator, commitment)
    return consultation, run, facilitator, commitment, found


def theme_url(consultation, theme) -> str:
    return f"/consultations/{consultation.id}/themes/{theme.id}"


def test_a_cited_theme_is_public_whatever_the_phase(db, client, cited):
    consultation, _, _, commitment, (first, second, _) = cited
    for phase in (Phase.OPEN, Phase.CLOSED, Phase.DRAFT):
        consultation.phase = phase
        db.session.commit()
        page = client.get(theme_url(consultation, first))
        html = page.get_data(as_text=True)
        assert page.status_code == 200, phase
        assert first.label in html and f'href="/commitments/{commitment.id}"' in html
        assert f"/consultations/{consultation.id}/themes\"" not in html  # no list to go to
        assert client.get(theme_url(consultation, second)).status_code == 404


def test_the_commitments_own_theme_link_leads_to_a_page(db, client, cited):
    consultation, _, _, commitment, (first, _, _) = cited
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert f'href="{theme_url(consultation, first)}"' in html
    assert client.get(theme_url(consultation, first)).status_code == 200


def test_a_theme_cited_only_by_a_draft_or_an_unpublished_plan_stays_private(db, client, plan,
                                                                           clustered):
    consultation, _, facilitator = clustered
    first = themes(db, consultation)[0]
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [first.id])
    db.session.commit()
    assert client.get(theme_url(consultation, first)).status_code == 404
    plans.publish_commitment(db.session, facilitator, commitment)  # the plan is not public
    db.session.commit()
    assert not theme_page.is_cited(db.session, first)
    assert client.get(theme_url(consultation, first)).status_code == 404


def test_a_removed_link_no_longer_keeps_the_theme_public(db, client, cited):
    consultation, _, facilitator, commitment, (first, _, _) = cited
    theme_link = next(link for link in commitment.links if link.theme_id == first.id)
    provenance.remove_link(db.session, facilitator, theme_link)
    db.session.commit()
    assert client.get(theme_url(consultation, first)).status_code == 404


def test_a_merged_cited_theme_shows_what_it_was_merged_into(db, client, cited):
    consultation, run, facilitator, commitment, (first, second, _) = cited
    curation.merge(db.session, facilitator, consultation, run.id, second.id, [first.id])
    db.session.commit()
    page = client.get(theme_url(consultation, first))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and first.label in html
    assert "This theme was merged into another theme:" in html
    assert f'href="{theme_url(consultation, second)}"' in html
    assert f'href="/commitments/{commitment.id}"' in html
    # The theme it became is cited through it: public too, listing the commitment.
    target = client.get(theme_url(consultation, second)).get_data(as_text=True)
    assert f'href="/commitments/{commitment.id}"' in target and "merged into" not in target


def test_a_merged_theme_nobody_cites_still_follows_the_merge(db, client, cited):
    consultation, run, facilitator, _, (first, second, third) = cited
    consultation.phase = Phase.ANALYSIS
    curation.merge(db.session, facilitator, consultation, run.id, third.id, [second.id])
    db.session.commit()
    moved = client.get(theme_url(consultation, second))
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(f"/themes/{third.id}")
    consultation.phase = Phase.OPEN
    db.session.commit()
    assert client.get(theme_url(consultation, second)).status_code == 404


def test_a_cited_theme_from_an_earlier_run_shows_its_ideas_of_that_run(db, client, cited):
    consultation, run, facilitator, commitment, (first, _, _) = cited
    ideas = sorted(idea for idea, theme in current_memberships(db.session, consultation.id)
                   .items() if theme == first.id)
    later = run_clustering(db, facilitator, consultation, themes=3)
    db.session.execute(update(ThemeMembership).where(  # the later run no longer has it
        ThemeMembership.run_id == later.id, ThemeMembership.theme_id == first.id)
        .values(theme_id=None))
    db.session.get(type(first), first.id).retired_at = utcnow()
    db.session.commit()
    page = client.get(theme_url(consultation, first))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "This theme is from an earlier run of the grouping" in html
    assert f"{len(ideas)} ideas" in html
    for idea_id in ideas:
        assert f'href="/ideas/{idea_id}"' in html
    assert f'href="/commitments/{commitment.id}"' in html


def test_a_theme_lists_the_commitments_that_quote_its_ideas(db, client, plan, clustered):
    consultation, _, facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    first, second, _ = themes(db, consultation)
    idea = db.session.get(Submission, next(
        idea for idea, theme in current_memberships(db.session, consultation.id).items()
        if theme == second.id))
    quoting = plans.draft_from_themes(db.session, facilitator, plan, [first.id])
    provenance.add_link(db.session, facilitator, quoting, submission_id=idea.id,
                        passage=(0, 5))
    draft = plans.draft_from_themes(db.session, facilitator, plan, [second.id])
    publish(db, facilitator, quoting)
    html = client.get(theme_url(consultation, second)).get_data(as_text=True)
    fed = html[html.index("Commitments this theme fed"):html.index("Ideas in this theme")]
    assert f'href="/commitments/{quoting.id}"' in fed and plan.title in fed
    assert f'href="/commitments/{draft.id}"' not in fed  # a draft is not public
    assert theme_page.commitments_fed(db.session, second, None) == []  # not the theme itself
    third_html = client.get(theme_url(consultation, themes(db, consultation)[2]))
    assert "Commitments this theme fed" not in third_html.get_data(as_text=True)
